import sys

from egov_ops.cli import main

sys.exit(main())
