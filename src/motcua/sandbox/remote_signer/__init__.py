"""A sandbox remote-signing service (a stand-in for SIM-PKI and cloud signing), speaking
motcua's remote-signing protocol v1 (``motcua.signing.contrib.remote.protocol``) and signing
with keys of the demo CA (``$MOTCUA_HOME/demo-ca/remote-signer/<credential>.p12``).

Run it with ``python -m motcua.sandbox.remote_signer --port 8071 --token …``. Every request is
confirmed by the "holder" after ``pending_polls`` polls (0: at once), so the client's waiting
loop is exercised. It must never hold a real person's key.
"""
