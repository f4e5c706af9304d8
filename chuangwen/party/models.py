"""Party branches (党建工作): models."""
