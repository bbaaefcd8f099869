"""The core's commands, by job; `tousu.cli` (the entry module) adds them to its group."""
