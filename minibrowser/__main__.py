"""`python -m minibrowser` is the `minibrowser` command."""
import sys

from .cli import main

sys.exit(main())
