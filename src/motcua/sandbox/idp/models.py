"""What the sandbox identity provider has handed out: authorization codes and access tokens,
kept as hashes, in the database so every web process of the demo sees them."""

from django.db import models


class AuthorizationGrant(models.Model):
    code_hash = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=200)
    redirect_uri = models.URLField(max_length=500)
    subject = models.CharField(max_length=100)
    scope = models.CharField(max_length=300)
    nonce = models.CharField(max_length=300, blank=True)
    code_challenge = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.subject} → {self.client_id}"


class AccessToken(models.Model):
    token_hash = models.CharField(max_length=64, unique=True)
    grant = models.ForeignKey(AuthorizationGrant, on_delete=models.CASCADE, related_name="tokens")
    subject = models.CharField(max_length=100)
    scope = models.CharField(max_length=300)
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)

    def __str__(self):
        return self.subject
