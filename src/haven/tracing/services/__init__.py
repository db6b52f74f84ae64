"""Writes of the tracing module: one audited, atomic function per action."""

from haven.tracing.services.consent import consent_withdraw, deny_knowing, tracing_interview_record
from haven.tracing.services.enquiries import (
    candidate_locate,
    candidate_rule_out,
    enquiry_close,
    enquiry_create,
    enquiry_forward,
    enquiry_review,
    enquiry_searched,
)
from haven.tracing.services.messages import message_mark, reply_review, reply_write
from haven.tracing.services.visits import (
    visa_record,
    visa_update,
    visit_request,
    visit_update,
    visitor_add,
)

__all__ = [
    "candidate_locate",
    "candidate_rule_out",
    "consent_withdraw",
    "deny_knowing",
    "enquiry_close",
    "enquiry_create",
    "enquiry_forward",
    "enquiry_review",
    "enquiry_searched",
    "message_mark",
    "reply_review",
    "reply_write",
    "tracing_interview_record",
    "visa_record",
    "visa_update",
    "visit_request",
    "visit_update",
    "visitor_add",
]
