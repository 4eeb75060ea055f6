"""A sandbox RFC 3161 time-stamp authority (TSA) over HTTP, signing with the demo CA's
time-stamping key. Run it with ``python -m motcua.sandbox.tsa --port 8070`` and set
``MOTCUA_SIGNING_TSA_URL=http://127.0.0.1:8070/``.

Protocol (RFC 3161 §3.4): ``POST`` a DER ``TimeStampReq`` with ``Content-Type:
application/timestamp-query``; the answer is a DER ``TimeStampResp`` with ``Content-Type:
application/timestamp-reply``. The token is a CMS SignedData over a ``TSTInfo`` with the
ESS signing-certificate-v2 attribute (RFC 5816). It must never be pointed at by production: its
clock is the machine's and its key sits unprotected on disk.
"""
