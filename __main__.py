"""`python <checkout>` opens the app, like `python -m dossier`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier.cli import main

sys.exit(main())
