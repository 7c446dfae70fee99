// Satisfaction by Service: CSAT, response rate and mean rating of the surveys,
// grouped by one or two dimensions.

const MOEEN_SURVEY_GROUPS = [
  { value: "service", label: __("Service") },
  { value: "tier", label: __("Tier") },
  { value: "team", label: __("Team") },
  { value: "agent", label: __("Agent") },
  { value: "channel", label: __("Channel") },
  { value: "beneficiary_type", label: __("Beneficiary Type") },
  { value: "period", label: __("Period") },
];

frappe.query_reports["Satisfaction by Service"] = {
  filters: [
    {
      fieldname: "group_by",
      label: __("Group By"),
      fieldtype: "Select",
      options: MOEEN_SURVEY_GROUPS,
      default: "service",
      reqd: 1,
    },
    {
      fieldname: "then_by",
      label: __("Then By"),
      fieldtype: "Select",
      options: [{ value: "", label: "" }, ...MOEEN_SURVEY_GROUPS],
    },
    {
      fieldname: "period",
      label: __("Period Length"),
      fieldtype: "Select",
      options: [
        { value: "day", label: __("Day") },
        { value: "week", label: __("Week") },
        { value: "month", label: __("Month") },
        { value: "quarter", label: __("Quarter") },
        { value: "year", label: __("Year") },
      ],
      default: "month",
    },
    {
      fieldname: "from_date",
      label: __("From Date"),
      fieldtype: "Date",
      default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
    },
    { fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
    {
      fieldname: "trigger",
      label: __("Trigger"),
      fieldtype: "Select",
      options: [
        { value: "", label: "" },
        { value: "Ticket Resolved", label: __("Ticket Resolved") },
        { value: "Call Completed", label: __("Call Completed") },
      ],
    },
    { fieldname: "service", label: __("Service"), fieldtype: "Link", options: "Moeen Service" },
    { fieldname: "team", label: __("Team"), fieldtype: "Link", options: "HD Team" },
    { fieldname: "agent", label: __("Agent"), fieldtype: "Link", options: "User" },
    {
      fieldname: "channel",
      label: __("Channel"),
      fieldtype: "Select",
      options: [
        { value: "", label: "" },
        { value: "Portal", label: __("Portal") },
        { value: "Phone", label: __("Phone") },
        { value: "Email", label: __("Email") },
        { value: "Walk-in", label: __("Walk-in") },
      ],
    },
    {
      fieldname: "beneficiary_type",
      label: __("Beneficiary Type"),
      fieldtype: "Select",
      options: [
        { value: "", label: "" },
        { value: "Student", label: __("Student") },
        { value: "Staff", label: __("Staff") },
        { value: "Faculty", label: __("Faculty") },
        { value: "External", label: __("External") },
      ],
    },
    { fieldname: "tier", label: __("Tier"), fieldtype: "Data" },
  ],
};
