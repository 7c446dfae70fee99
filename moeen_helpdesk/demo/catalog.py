"""The demo catalog: categories, tier-2 units and services of a university's e-services.

Plain data, loaded by ``moeen_helpdesk.demo.load``. Targets are business time in
hours (H) on the service's calendar.
"""

H = 3600

# (code, Arabic, English)
CATEGORIES = [
    ("SIS", "نظام معلومات الطلاب", "Student Information System"),
    ("LMS", "نظام إدارة التعلم", "Learning Management System"),
    ("MAIL", "البريد الإلكتروني والتعاون", "Email and Collaboration"),
    ("NET", "الشبكة اللاسلكية والاتصال عن بعد", "Wi-Fi and Remote Access"),
    ("IAM", "الحسابات وكلمات المرور", "Accounts and Passwords"),
    ("ERP", "الموارد المؤسسية والموارد البشرية", "ERP and Human Resources"),
    ("RES", "أنظمة البحث العلمي", "Research Systems"),
    ("WEB", "المواقع والبوابات الإلكترونية", "Websites and Portals"),
    ("DEV", "الأجهزة والطباعة", "Devices and Printing"),
]

# HD Teams: the tier-2 operational units.
UNITS = [
    "Student Systems Unit",
    "E-Learning Unit",
    "Collaboration Services Unit",
    "Networks and Infrastructure Unit",
    "Identity and Access Unit",
    "Enterprise Systems Unit",
    "Research Systems Unit",
    "Web and Portals Unit",
    "End-User Devices Unit",
]

I, S, F, E = "Student", "Staff", "Faculty", "External"  # noqa: E741 - short names keep the table readable
ALL_INTERNAL = (I, S, F)

# (code, category, kind, unit, types, response h, resolution h, Arabic, English, system)
SERVICES = [
    ("SIS-001", "SIS", "Request", 0, (I,), 4, 24, "طلب وثيقة تخرج أو سجل أكاديمي إلكتروني", "Electronic transcript or graduation document", "Student Information System"),
    ("SIS-002", "SIS", "Incident", 0, (I,), 2, 8, "تعذر التسجيل في المقررات", "Cannot register for courses", "Student Information System"),
    ("SIS-003", "SIS", "Incident", 0, (I, F), 2, 16, "خطأ في عرض الدرجات", "Grades shown incorrectly", "Student Information System"),
    ("SIS-004", "SIS", "Request", 0, (F,), 4, 24, "صلاحية رصد الدرجات لعضو هيئة التدريس", "Grade entry access for faculty", "Student Information System"),
    ("SIS-005", "SIS", "Request", 0, (I, E), 8, 40, "الاستفسار عن حالة طلب القبول", "Admission application status enquiry", "Admissions Portal"),
    ("LMS-001", "LMS", "Incident", 1, ALL_INTERNAL, 2, 8, "تعذر الدخول إلى نظام إدارة التعلم", "Cannot sign in to the LMS", "Learning Management System"),
    ("LMS-002", "LMS", "Request", 1, (F,), 4, 24, "إنشاء مقرر أو دمج شعب في نظام إدارة التعلم", "Create a course or merge sections in the LMS", "Learning Management System"),
    ("LMS-003", "LMS", "Incident", 1, (I, F), 1, 8, "مشكلة في الاختبارات الإلكترونية", "Problem with an online exam", "Learning Management System"),
    ("LMS-004", "LMS", "Request", 1, (F, S), 8, 40, "طلب تدريب على منصة التعليم الإلكتروني", "Training on the e-learning platform", "Learning Management System"),
    ("MAIL-001", "MAIL", "Request", 2, (S, F), 4, 16, "إنشاء بريد إلكتروني لجهة أو قسم", "Shared mailbox for a department", "Email"),
    ("MAIL-002", "MAIL", "Incident", 2, ALL_INTERNAL, 2, 8, "تعذر إرسال أو استقبال البريد الإلكتروني", "Cannot send or receive email", "Email"),
    ("MAIL-003", "MAIL", "Request", 2, (S, F), 4, 24, "زيادة سعة صندوق البريد", "Increase mailbox quota", "Email"),
    ("MAIL-004", "MAIL", "Request", 2, ALL_INTERNAL, 4, 16, "تفعيل حزمة برامج المكتب للمنسوبين", "Office suite licence activation", "Office 365"),
    ("NET-001", "NET", "Incident", 3, ALL_INTERNAL, 1, 8, "ضعف أو انقطاع الشبكة اللاسلكية", "Wi-Fi weak or unavailable", "Campus Wi-Fi"),
    ("NET-002", "NET", "Request", 3, (S, F), 8, 24, "طلب صلاحية الاتصال عن بعد VPN", "VPN remote access", "VPN"),
    ("NET-003", "NET", "Request", 3, (E,), 2, 8, "حساب شبكة لاسلكية للزوار", "Guest Wi-Fi account for visitors", "Campus Wi-Fi"),
    ("NET-004", "NET", "Incident", 3, (S, F), 1, 4, "انقطاع الشبكة في مبنى أو مكتب", "Network outage in a building or office", "Campus Network"),
    ("IAM-001", "IAM", "Request", 4, ALL_INTERNAL + (E,), 1, 4, "إعادة تعيين كلمة المرور", "Password reset", "Single Sign-On"),
    ("IAM-002", "IAM", "Incident", 4, ALL_INTERNAL, 1, 4, "الحساب الجامعي مقفل", "University account locked", "Single Sign-On"),
    ("IAM-003", "IAM", "Request", 4, (S, F), 4, 16, "تفعيل التحقق الثنائي أو تغيير جهازه", "Enrol or replace a two-factor device", "Single Sign-On"),
    ("IAM-004", "IAM", "Request", 4, (S,), 8, 24, "منح صلاحيات نظام لموظف", "Grant system permissions to an employee", "Identity Management"),
    ("ERP-001", "ERP", "Incident", 5, (S, F), 2, 16, "خطأ في نظام الموارد البشرية", "Error in the HR system", "ERP / HR"),
    ("ERP-002", "ERP", "Request", 5, (S, F), 8, 40, "طلب تقرير من نظام الموارد المؤسسية", "Report from the ERP system", "ERP"),
    ("ERP-003", "ERP", "Incident", 5, (S,), 2, 16, "مشكلة في نظام المشتريات", "Problem in the procurement system", "ERP / Procurement"),
    ("ERP-004", "ERP", "Request", 5, (E,), 8, 40, "تسجيل مورد في بوابة الموردين", "Supplier portal registration", "Supplier Portal"),
    ("RES-001", "RES", "Request", 6, (F,), 8, 40, "طلب صلاحية في نظام إدارة الأبحاث", "Research management system access", "Research Management System"),
    ("RES-002", "RES", "Incident", 6, (F, I), 4, 24, "تعذر الوصول إلى قواعد البيانات البحثية", "Cannot reach research databases", "Digital Library"),
    ("RES-003", "RES", "Request", 6, (F, E), 8, 40, "طلب حساب حوسبة عالية الأداء", "High-performance computing account", "HPC Cluster"),
    ("WEB-001", "WEB", "Request", 7, (S, F), 8, 40, "تحديث محتوى موقع جهة جامعية", "Update a unit's website content", "University Websites"),
    ("WEB-002", "WEB", "Incident", 7, ALL_INTERNAL + (E,), 2, 8, "صفحة لا تعمل في موقع الجامعة", "A page of the university website is broken", "University Websites"),
    ("WEB-003", "WEB", "Request", 7, (S,), 16, 80, "إنشاء موقع فرعي جديد", "Create a new sub-site", "University Websites"),
    ("WEB-004", "WEB", "Request", 7, (E,), 8, 40, "التحقق من صحة وثيقة صادرة إلكترونيًا", "Verify an electronically issued document", "Document Verification"),
    ("DEV-001", "DEV", "Incident", 8, (S, F), 2, 16, "عطل في جهاز حاسب مكتبي", "Office computer fault", "End-User Devices"),
    ("DEV-002", "DEV", "Request", 8, (S, F), 4, 24, "تعريف طابعة شبكية", "Set up a network printer", "Printing"),
    ("DEV-003", "DEV", "Request", 8, (S, F), 8, 40, "تثبيت برنامج مرخص", "Install licensed software", "Software Center"),
]

# Services only agents see (not shown on the portal).
AGENT_ONLY = {"IAM-004"}
# Retired services kept for history.
INACTIVE = {"ERP-003"}
