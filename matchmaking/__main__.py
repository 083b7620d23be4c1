import sys

from matchmaking.cli import main

sys.exit(main())
