MENU: list = []
