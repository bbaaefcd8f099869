"""``python -m tousu``: the same CLI as the ``tousu`` console script."""

from tousu.cli import main

main()
