"""A run's outputs on disk: the run folder, its manifest, and the audit log's readable form."""
