from tests.after.conftest import login

__all__ = ["login"]
