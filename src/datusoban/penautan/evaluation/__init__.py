"""Measuring linkage against ground truth: metrics, data sets, the methods compared."""
