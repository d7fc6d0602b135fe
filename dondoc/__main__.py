"""``python -m dondoc``: the same command line as the ``dondoc`` script."""

from dondoc.engine.cli import main

main()
