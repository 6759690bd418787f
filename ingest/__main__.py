"""Entry point of python -m ingest."""

import sys

from ingest.cli import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["harvest-diwi"]:  # another DIWI instance's feed (ingest/harvest.py)
        from ingest.harvest import main as harvest_main

        sys.exit(harvest_main(sys.argv[2:]))
    sys.exit(main())
