"""``python -m tousu``: the same CLI as the ``tousu`` console script."""

from tousu.start import main

main()
