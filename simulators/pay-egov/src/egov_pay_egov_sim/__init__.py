"""A simulator of pay.egov.bg, the Bulgarian e-Payment gateway, for development and tests."""
