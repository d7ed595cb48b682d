import sys

from egov_localstack.cli import main

sys.exit(main())
