"""`python -m minibrowser` is the `minibrowser` command."""
import gc

# One page, then the process exits: the cyclic garbage collector would only scan the objects that
# importing the engine makes (classes, functions: ~30 collections, a tenth of a small page's time)
# and free nothing.  cli.main turns it back on for subcommands that load many pages (reftest).
gc.disable()

from .cli import run  # noqa: E402  (after the collector is off)

run()
