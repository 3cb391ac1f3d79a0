"""Customer-success vocabulary the synthetic glossaries are assembled from (four slots, ~150,000 names)."""

from __future__ import annotations

SEGMENTS: tuple[str, ...] = (
    "Enterprise", "Mid-Market", "SMB", "Strategic", "Self-Serve", "Partner", "Channel", "Regional", "Global",
    "Tech-Touch", "High-Touch", "Pooled", "Digital", "Key Account", "Named Account", "Startup", "Public Sector",
    "Healthcare", "Education", "Nonprofit", "Reseller", "Inbound", "Outbound", "Premium", "Freemium",
)
MOTIONS: tuple[str, ...] = (
    "Expansion", "Renewal", "Onboarding", "Adoption", "Retention", "Churn", "Advocacy", "Escalation", "Upsell",
    "Cross-Sell", "Activation", "Engagement", "Implementation", "Support", "Success", "Contraction", "Downgrade",
    "Reactivation", "Win-Back", "Handoff", "Migration", "Training", "Enablement", "Outreach", "Consumption",
    "Utilization", "Sentiment", "Feedback", "Risk", "Value Realization",
)
MEASURES: tuple[str, ...] = (
    "MRR", "ARR", "Revenue", "Health Score", "NPS", "CSAT", "Seat", "License", "Usage", "Pipeline", "Bookings",
    "Margin", "Cohort", "Ticket", "Time-to-Value", "Cost", "Coverage", "Velocity", "Effort", "Logo", "Account",
    "Contract", "Milestone", "Outcome", "Touchpoint",
)
ARTIFACTS: tuple[str, ...] = (
    "Forecast", "Rate", "Ratio", "Playbook", "Review", "Dashboard", "Benchmark", "Target", "Trend", "Threshold",
    "Report", "Cadence", "Model", "Index", "Plan", "Scorecard", "Alert", "Variance", "Baseline", "Runbook",
)
SLOTS: tuple[tuple[str, ...], ...] = (SEGMENTS, MOTIONS, MEASURES, ARTIFACTS)

CATEGORY_BY_ARTIFACT: dict[str, str] = {
    "Playbook": "practice", "Runbook": "practice", "Cadence": "practice", "Review": "practice",
    "Plan": "document", "Report": "document", "Scorecard": "document", "Dashboard": "tool", "Alert": "tool",
    "Model": "concept", "Index": "metric",
}

DEFINITION_OPENERS: tuple[str, ...] = (
    "How the team tracks", "The agreed way to measure", "A recurring look at", "The working definition of",
    "The number leadership uses for", "A shared view of",
)
DEFINITION_SCOPES: tuple[str, ...] = (
    "across the customer base", "for accounts in this segment", "over a quarter", "per customer cohort",
    "month over month", "against the renewal book",
)

QUESTION_TEMPLATES: tuple[str, ...] = (
    "what is {}?", "what's {}", "what does {} mean?", "define {}", "can you explain {}?",
    "how do we calculate {}?", "what is the {}?",
)
