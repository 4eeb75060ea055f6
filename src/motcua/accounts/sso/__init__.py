"""Single sign-on with identity providers (the national VNeID and others) as plugins.

``base.IdentityProvider`` is what a plugin implements, ``registry`` holds the plugins,
``oidc.OpenIDConnectProvider`` speaks OpenID Connect (authorization code flow with PKCE, state
and nonce, ID token signature checked against the provider's JWKS) and ``contrib`` holds the
concrete providers. The sandbox twin of VNeID is ``motcua.sandbox.idp``.
"""
