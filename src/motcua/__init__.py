"""motcua: the provincial public-service portal integrated with the electronic one-stop-shop."""

import warnings

__version__ = "0.1.0"

# pyHanko (0.38) imports cryptography's DSA key types to recognise them; cryptography 51
# deprecates DSA and warns about that import in every process, printing two lines before any
# command's own output. motcua signs and verifies with RSA and ECDSA keys only.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
