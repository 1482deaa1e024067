"""Between conferences: friends' "now" lines, asks to my own circle and the weekly digest."""
