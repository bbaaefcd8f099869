"""tousu-utilities: service complaints of a water and electricity supplier, as a tousu plugin."""

__version__ = "0.1.0"
