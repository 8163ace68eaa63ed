"""Job search services: fan-out over sources, dedup, storage, ranking."""
