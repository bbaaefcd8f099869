"""Property management (物业管理): the residents' complaint SOP as a tousu domain plugin."""
