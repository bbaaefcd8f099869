"""City enforcement (城管执法): the complaint center as a tousu domain plugin."""
