"""The Chinese statutory calendar (``source = "cn"``): public holidays and make-up working days (调休)."""
