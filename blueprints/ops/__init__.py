"""Operations: the process's health, its readiness, and the metrics for Prometheus."""
