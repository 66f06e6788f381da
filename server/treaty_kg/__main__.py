import sys

from treaty_kg.cli import main

sys.exit(main())
