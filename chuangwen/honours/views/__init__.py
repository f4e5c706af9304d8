"""Pages of 评先评优: selections (nominations, review, 公示, the published list) and votes."""
