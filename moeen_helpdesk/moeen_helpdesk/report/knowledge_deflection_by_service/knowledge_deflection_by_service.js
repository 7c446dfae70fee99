// Knowledge Deflection by Service: articles suggested, opened and solved without a ticket on each
// service's request form, beside the service's tickets in the same period.

frappe.query_reports["Knowledge Deflection by Service"] = {
  filters: [
    {
      fieldname: "from_date",
      label: __("From Date"),
      fieldtype: "Date",
      default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
    },
    { fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
    { fieldname: "service", label: __("Service"), fieldtype: "Link", options: "Moeen Service" },
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
  ],
};
