"""Reference data read from installed packages: pure Python, no Django, nothing downloaded."""
