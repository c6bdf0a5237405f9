"""Pengguna: the users of Datu Soban, managed in the browser by administrators (role,
region, institution, password, lockout), each within their own region."""
