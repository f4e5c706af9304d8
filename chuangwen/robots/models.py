"""Notifications to 企业微信 and 钉钉 group robots (webhooks): models."""
