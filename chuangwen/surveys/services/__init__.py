"""Writes of the surveys app, by subject: ``templates`` (surveys and their questions),
``answers`` (checking them), ``store`` (one response), ``paper`` (paper-card batches); with the
background side's writes callers use too: ``aggregates`` (the monthly counts), ``alerts`` (settings
and alerts), ``hand_over`` (suggestions to the complaints app).

Every function is keyword-only and runs in one transaction; records with history get the
acting user. Imports go one way: services → tasks → aggregates, alerts, hand_over → selectors
→ models."""

from ..aggregates import FOLD_BATCH, aggregates_rebuild, counts_fold, month_counts
from ..alerts import alert_acknowledge, alert_raise, settings_for, settings_update
from ..hand_over import hand_over_suggestion, suggestions_hand_over
from .answers import AnswerRow, CleanAnswers, clean_answers, month_of
from .paper import BatchError, CardRow, paper_cards_enter
from .store import Submitted, response_submit
from .templates import (
    DEFAULT_TEMPLATES,
    default_templates_create,
    question_add,
    question_deactivate,
    question_move,
    question_update,
    template_create,
    template_update,
)

__all__ = [
    "DEFAULT_TEMPLATES",
    "FOLD_BATCH",
    "AnswerRow",
    "BatchError",
    "CardRow",
    "CleanAnswers",
    "Submitted",
    "aggregates_rebuild",
    "alert_acknowledge",
    "alert_raise",
    "clean_answers",
    "counts_fold",
    "default_templates_create",
    "hand_over_suggestion",
    "month_counts",
    "month_of",
    "paper_cards_enter",
    "question_add",
    "question_deactivate",
    "question_move",
    "question_update",
    "response_submit",
    "settings_for",
    "settings_update",
    "suggestions_hand_over",
    "template_create",
    "template_update",
]
