"""``motcua demo-ca``: make (or refresh) the demo CA and the demo signers' profiles."""

from django.core.management.base import BaseCommand

from motcua.signing.demo import load_signing_demo


class Command(BaseCommand):
    help = "Create or refresh the demo certification authority under MOTCUA_HOME/demo-ca"

    def handle(self, *args, **options):
        ca = load_signing_demo()
        self.stdout.write(f"demo CA: {ca.directory}")
        self.stdout.write(f"  trusted root: {ca.root_certificate}")
        self.stdout.write(f"  CRL: {ca.root_crl}")
        self.stdout.write(f"  time-stamping unit: {ca.tsa_certificate}")
        self.stdout.write(f"  organisation seals: {len(ca.agencies)}")
        self.stdout.write(f"  personal certificates: {', '.join(sorted(ca.people)) or '-'}")
        self.stdout.write(
            f"  remote-signing credentials: {', '.join(sorted(ca.remote_credentials)) or '-'}"
        )
