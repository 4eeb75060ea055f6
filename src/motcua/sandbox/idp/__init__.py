"""A sandbox OpenID Connect identity provider standing in for VNeID (never installed in prod).

It speaks the real protocol (discovery, authorization code flow with PKCE S256, RS256 ID tokens
signed with a demo key under MOTCUA_HOME, JWKS, userinfo) so that ``accounts.sso`` runs its real
code against it in the demo and the tests. Its people are fictional demo citizens.
"""
