"""Big screens (数据大屏) opened by signed kiosk links: models."""
