"""The phone's own copy: what the PWA keeps for the booth, where there is no network."""
