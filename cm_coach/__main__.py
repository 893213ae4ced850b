"""Run cm-coach with ``python -m cm_coach``."""

import sys

from cm_coach.cli import main

sys.exit(main())
