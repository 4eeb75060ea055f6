"""A small certification authority for the demo and the tests, made with ``cryptography``.

``ensure_demo_ca(directory, ...)`` creates, or keeps when already there and still good:

- ``root.pem`` / ``root.key.pem``: the demo root (the key encrypted with a random password kept in
  the signing secrets file);
- ``root.crl``: the root's certificate revocation list, re-issued on every run (valid 30 days;
  the demo revokes nothing, but every certificate names the CRL's URL so validators can fetch it
  and signatures can embed it for PAdES B-LT);
- ``tsa.pem`` / ``tsa.key.pem``: the time-stamping unit used by the sandbox TSA;
- ``agencies/<identifier>.p12``: one organisation certificate (the agency's digital seal) each;
- ``people/<username>.p12``: one personal certificate per leader;
- ``remote-signer/<credential>.p12``: keys held by the sandbox remote-signing service.

PKCS#12 passwords are random and stored in the signing secrets file under ``demo-ca/...`` names.
Everything is written under ``directory`` (``$MOTCUA_HOME/demo-ca``): never into the repository.
This module must never be used to issue certificates for production: its keys live on disk and
its root is trusted only where a deployment says so.
"""

from __future__ import annotations

import datetime as dt
import secrets as random_secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from motcua.signing.secrets import MissingSecret, read_secret, store_secret

ROOT_NAME = "motcua Demo Root CA"
DEMO_ORGANISATION = "motcua demo (không dùng cho văn bản thật)"
KEY_SIZE = 2048
LEAF_DAYS = 2 * 365
ROOT_DAYS = 10 * 365
RENEW_BEFORE = dt.timedelta(days=30)


@dataclass(frozen=True)
class CertifiedKey:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class AgencySpec:
    identifier: str
    name: str


@dataclass
class DemoCA:
    directory: Path
    root_certificate: Path
    root_crl: Path
    tsa_certificate: Path
    tsa_key: Path
    agencies: dict[str, Path] = field(default_factory=dict)
    people: dict[str, Path] = field(default_factory=dict)
    remote_credentials: dict[str, Path] = field(default_factory=dict)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _name(**attributes: str) -> x509.Name:
    order = [
        ("country", NameOID.COUNTRY_NAME),
        ("locality", NameOID.LOCALITY_NAME),
        ("organisation", NameOID.ORGANIZATION_NAME),
        ("unit", NameOID.ORGANIZATIONAL_UNIT_NAME),
        ("title", NameOID.TITLE),
        ("uid", NameOID.USER_ID),
        ("common_name", NameOID.COMMON_NAME),
    ]
    return x509.Name(
        [x509.NameAttribute(oid, attributes[key]) for key, oid in order if attributes.get(key)]
    )


def new_root(common_name: str = ROOT_NAME, *, days: int = ROOT_DAYS) -> CertifiedKey:
    key = new_key()
    subject = _name(country="VN", organisation=DEMO_ORGANISATION, common_name=common_name)
    start = now() - dt.timedelta(hours=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertifiedKey(certificate, key)


def issue(
    issuer: CertifiedKey,
    subject: x509.Name,
    *,
    purpose: str,
    crl_url: str | None = None,
    days: int = LEAF_DAYS,
    key: rsa.RSAPrivateKey | None = None,
) -> CertifiedKey:
    """Issue an end-entity certificate: ``purpose`` is ``signing`` (a person or an organisation:
    digitalSignature + nonRepudiation) or ``timestamping`` (a TSA: critical EKU timeStamping)."""
    key = key or new_key()
    start = now() - dt.timedelta(hours=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(
            min(start + dt.timedelta(days=days), issuer.certificate.not_valid_after_utc)
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=purpose == "signing",
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    if purpose == "timestamping":
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    if crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    return CertifiedKey(builder.sign(issuer.key, hashes.SHA256()), key)


def person_name(spec: PersonSpec) -> x509.Name:
    return _name(
        country="VN",
        organisation=spec.organisation,
        title=spec.title,
        common_name=spec.full_name,
    )


def organisation_name(spec: AgencySpec) -> x509.Name:
    # The agency's electronic identifier (Decision 20/2020/QĐ-TTg) goes in UID so a validator can
    # tell two agencies of the same name apart.
    return _name(country="VN", organisation=spec.name, uid=spec.identifier, common_name=spec.name)


def crl_for(issuer: CertifiedKey, revoked_serials: Iterable[int] = (), days: int = 30) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(now() - dt.timedelta(minutes=5))
        .next_update(now() + dt.timedelta(days=days))
        .add_extension(x509.CRLNumber(int(now().timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(now() - dt.timedelta(minutes=1))
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def pkcs12_bytes(
    certified: CertifiedKey, chain: Iterable[x509.Certificate], password: str
) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=certified.certificate.subject.rfc4514_string().encode(),
        key=certified.key,
        cert=certified.certificate,
        cas=list(chain),
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


def load_pkcs12(path: Path, password: str) -> CertifiedKey:
    key, certificate, _ = pkcs12.load_key_and_certificates(path.read_bytes(), password.encode())
    return CertifiedKey(certificate, key)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)


def _secret(name: str, secrets_path: Path | None) -> str:
    try:
        if secrets_path is None:
            return read_secret(name)
        import json

        return json.loads(secrets_path.read_text(encoding="utf-8"))[name]
    except (MissingSecret, FileNotFoundError, KeyError):
        value = random_secrets.token_urlsafe(18)
        store_secret(name, value, secrets_path)
        return value


def _still_good(certificate: x509.Certificate, root: x509.Certificate) -> bool:
    return (
        certificate.issuer == root.subject
        and certificate.not_valid_after_utc - RENEW_BEFORE > now()
    )


def _root(directory: Path, secrets_path: Path | None) -> CertifiedKey:
    cert_path, key_path = directory / "root.pem", directory / "root.key.pem"
    password = _secret("demo-ca/root", secrets_path)
    if cert_path.exists() and key_path.exists():
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
        try:
            key = serialization.load_pem_private_key(key_path.read_bytes(), password.encode())
        except ValueError:
            key = None
        if key is not None and certificate.not_valid_after_utc - RENEW_BEFORE > now():
            return CertifiedKey(certificate, key)
    root = new_root()
    _write_private(
        key_path,
        root.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password.encode()),
        ),
    )
    cert_path.write_bytes(root.certificate.public_bytes(serialization.Encoding.PEM))
    return root


def _ensure_p12(
    path: Path,
    secret_name: str,
    root: CertifiedKey,
    subject: x509.Name,
    crl_url: str | None,
    secrets_path: Path | None,
) -> Path:
    password = _secret(secret_name, secrets_path)
    if path.exists():
        try:
            existing = load_pkcs12(path, password)
        except ValueError:
            existing = None
        if (
            existing is not None
            and existing.certificate.subject == subject
            and _still_good(existing.certificate, root.certificate)
        ):
            return path
    issued = issue(root, subject, purpose="signing", crl_url=crl_url)
    _write_private(path, pkcs12_bytes(issued, [root.certificate], password))
    return path


def agency_secret_name(identifier: str) -> str:
    return f"demo-ca/agency/{identifier}"


def person_secret_name(username: str) -> str:
    return f"demo-ca/person/{username}"


def remote_secret_name(credential_id: str) -> str:
    return f"demo-ca/remote/{credential_id}"


def ensure_demo_ca(
    directory: Path,
    *,
    agencies: Iterable[AgencySpec] = (),
    people: Iterable[PersonSpec] = (),
    remote_people: dict[str, PersonSpec] | None = None,
    crl_url: str | None = None,
    secrets_path: Path | None = None,
) -> DemoCA:
    """Create or refresh the demo CA in ``directory``; idempotent (keys that are still good are
    kept, so signatures made earlier keep validating)."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    root = _root(directory, secrets_path)
    ca = DemoCA(
        directory=directory,
        root_certificate=directory / "root.pem",
        root_crl=directory / "root.crl",
        tsa_certificate=directory / "tsa.pem",
        tsa_key=directory / "tsa.key.pem",
    )
    ca.root_crl.write_bytes(crl_for(root))

    tsa_subject = _name(country="VN", organisation=DEMO_ORGANISATION, common_name="motcua Demo TSA")
    keep_tsa = False
    if ca.tsa_certificate.exists() and ca.tsa_key.exists():
        existing = x509.load_pem_x509_certificate(ca.tsa_certificate.read_bytes())
        keep_tsa = _still_good(existing, root.certificate)
    if not keep_tsa:
        tsa = issue(root, tsa_subject, purpose="timestamping", crl_url=crl_url)
        _write_private(
            ca.tsa_key,
            tsa.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
        ca.tsa_certificate.write_bytes(tsa.certificate.public_bytes(serialization.Encoding.PEM))

    for agency in agencies:
        ca.agencies[agency.identifier] = _ensure_p12(
            directory / "agencies" / f"{agency.identifier}.p12",
            agency_secret_name(agency.identifier),
            root,
            organisation_name(agency),
            crl_url,
            secrets_path,
        )
    for person in people:
        ca.people[person.username] = _ensure_p12(
            directory / "people" / f"{person.username}.p12",
            person_secret_name(person.username),
            root,
            person_name(person),
            crl_url,
            secrets_path,
        )
    for credential_id, person in (remote_people or {}).items():
        ca.remote_credentials[credential_id] = _ensure_p12(
            directory / "remote-signer" / f"{credential_id}.p12",
            remote_secret_name(credential_id),
            root,
            person_name(person),
            crl_url,
            secrets_path,
        )
    return ca
