"""The data subject's rights (UU 27/2022): everything held about one person, and its trail."""
