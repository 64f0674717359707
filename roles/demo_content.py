"""Demo role profiles that ``seed_demo`` publishes.

Plain Python data with no Django imports, so the loader can validate and map it onto the models.
The facts and figures (KPI targets, US pay bands, onboarding hours, career lanes and compliance
rules) come from the domain reading in ``shared/seeds``; every sentence here is our own wording.
"""

DEMO_ROLES = (
    {
        "title": "Customer Service Associate",
        "family": "customer_service",
        "level": "entry",
        "team": "Consumer Support",
        "summary": (
            "You will be the first person our customers reach when an order, a bill or an "
            "account needs sorting out, by phone, chat or email. We will teach you our tools and "
            "policies in paid training, and you will have a mentor beside you for your first "
            "weeks on live contacts. What matters most is that you listen well, stay calm and "
            "like finishing what you start."
        ),
        "city": "Columbus",
        "region": "Ohio",
        "country": "US",
        "workplace": "on_site",
        "remote_eligibility": "",
        "employment_type": "full_time",
        "shift_pattern": "Rotating 8-hour shifts, one weekend day in four",
        "hours_per_week": 40,
        "coverage": "Monday to Saturday, 7:00 to 21:00 Eastern",
        "channels": ["voice", "chat", "email"],
        "openings": 8,
        "valid_for_days": 45,
        "responsibilities": [
            (
                "support",
                "Answer calls, chats and emails from customers, work out what they actually need "
                "and walk them to a fix before the conversation ends.",
            ),
            (
                "inquiries",
                "Explain products, delivery options and our return policy in plain words, "
                "looking facts up in the knowledge base rather than guessing.",
            ),
            (
                "accounts",
                "Place, change or cancel orders, correct addresses and settle billing questions "
                "directly in the customer's account.",
            ),
            (
                "complaints",
                "Calm tense conversations, find the root cause of a complaint and hand anything "
                "outside your authority to a specialist with clear next steps.",
            ),
            (
                "documentation",
                "Close every ticket in the CRM with an accurate summary, root cause and tags so "
                "the next colleague can pick it up without asking the customer again.",
            ),
            (
                "compliance",
                "Confirm identity with the three-point check before touching an account, and "
                "never write a full card number into notes or chat, as PCI-DSS requires.",
            ),
            (
                "learning",
                "Join the daily team huddle and a weekly quality calibration session, and bring "
                "back any recurring issue you spot so the knowledge base can be improved.",
            ),
        ],
        "qualifications": [
            ("required", "education", "High school diploma, GED or equivalent."),
            (
                "required",
                "communication",
                "Clear spoken and written English, including short, friendly emails.",
            ),
            (
                "required",
                "technical",
                "Comfortable using a computer with several windows open while you type and talk.",
            ),
            (
                "required",
                "problem_solving",
                "Able to follow a troubleshooting guide and notice when a case does not fit it.",
            ),
            (
                "preferred",
                "experience",
                "Some time in retail, hospitality or a contact centre, paid or volunteer.",
            ),
            (
                "preferred",
                "technical",
                "Hands-on use of a ticketing tool such as Zendesk, Freshdesk or Salesforce.",
            ),
            (
                "preferred",
                "language",
                "Able to help customers in Spanish as well as English.",
            ),
        ],
        "kpis": [
            (
                "csat",
                "at_least",
                "85",
                "percent",
                "any",
                "Share of surveyed customers who rate your help as satisfied or better.",
            ),
            (
                "fcr",
                "at_least",
                "75",
                "percent",
                "any",
                "Issues settled on the first contact; experienced associates reach 75 to 85 %.",
            ),
            (
                "aht",
                "about",
                "7",
                "minutes",
                "voice",
                "A guide range of 6 to 9 minutes once mentoring ends; getting it right comes "
                "first.",
            ),
            (
                "response_sla",
                "at_most",
                "24",
                "hours",
                "email",
                "Every customer email gets a first reply within one day.",
            ),
            (
                "adherence",
                "at_least",
                "90",
                "percent",
                "any",
                "Time spent available for customers as scheduled, breaks excluded.",
            ),
            (
                "quality",
                "at_least",
                "85",
                "percent",
                "any",
                "Average score from reviewed contacts, including the compliance checklist.",
            ),
        ],
        "training": {
            "onboarding_hours": 120,
            "classroom_weeks": 3,
            "mentored_weeks": 6,
            "ongoing_plan": (
                "Monthly refreshers whenever products or policies change, quarterly coaching on "
                "soft skills, and an annual compliance refresher covering PCI-DSS, privacy law "
                "and identity checks."
            ),
        },
        "career_steps": [
            ("Senior Customer Service Associate", 12, 24, 10),
            ("Customer Service Team Lead", 18, 36, 15),
            ("Quality Assurance or Training Specialist", 36, None, 20),
        ],
        "compensation": {
            "currency": "USD",
            "pay_period": "hour",
            "minimum": "17.00",
            "maximum": "21.00",
            "bonus": "Quarterly bonus for meeting the team's CSAT, quality and adherence targets.",
            "benefits": (
                "Medical, dental and vision insurance, paid time off, and a 401(k) with an "
                "employer match."
            ),
            "perks": "Employee discount, tuition reimbursement and a monthly transit pass.",
        },
        "screening_questions": [
            (
                "Are you legally allowed to work in the United States?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "Can you work a rotating schedule that includes one weekend day in four?",
                "yes_no",
                "answer_is_no",
                "",
            ),
        ],
    },
    {
        "title": "Customer Service Team Lead",
        "family": "team_leadership",
        "level": "lead",
        "team": "Consumer Support",
        "summary": (
            "You will lead a group of about twelve associates through each shift, keeping queues "
            "healthy and helping every person on the team get better at the job. Most of your day "
            "is spent coaching, listening to contacts and reading the numbers to decide what to "
            "change next. You will be on the floor three days a week and can plan and review from "
            "home on the other two."
        ),
        "city": "Tampa",
        "region": "Florida",
        "country": "US",
        "workplace": "hybrid",
        "remote_eligibility": "",
        "employment_type": "full_time",
        "shift_pattern": "Fixed 8-hour day shifts, Tuesday to Saturday; three days on site",
        "hours_per_week": 40,
        "coverage": "Tuesday to Saturday, 8:00 to 17:00 Eastern",
        "channels": ["voice", "chat", "email"],
        "openings": 2,
        "valid_for_days": 30,
        "responsibilities": [
            (
                "leadership",
                "Run the team's shift: open with a short huddle, watch queues in real time and "
                "move people between channels when service levels slip.",
            ),
            (
                "learning",
                "Hold a one-to-one coaching session with each associate every week, built on "
                "contacts you have reviewed together.",
            ),
            (
                "analysis",
                "Track a daily dashboard of CSAT, handle time, first-contact resolution and "
                "backlog, and turn what it shows into one concrete change at a time.",
            ),
            (
                "complaints",
                "Take over contacts that associates escalate, settle them fairly and show the "
                "team how the case could have been closed sooner.",
            ),
            (
                "collaboration",
                "Work with workforce planning on schedules and with quality assurance on "
                "calibration, so targets and scoring mean the same thing to everyone.",
            ),
            (
                "compliance",
                "Spot-check tickets for identity verification and card-data handling, and close "
                "any gap found in the quarterly compliance audit.",
            ),
        ],
        "qualifications": [
            (
                "required",
                "experience",
                "At least two years in a contact centre or support team, including some time "
                "mentoring or leading others.",
            ),
            (
                "required",
                "communication",
                "Able to give honest, specific feedback that people can act on.",
            ),
            (
                "required",
                "technical",
                "Confident with spreadsheets and reporting dashboards for tracking performance.",
            ),
            (
                "required",
                "problem_solving",
                "Experience settling disagreements between customers or colleagues calmly.",
            ),
            (
                "preferred",
                "education",
                "A leadership course or customer-experience certification.",
            ),
            (
                "preferred",
                "technical",
                "Hands-on use of a workforce management or quality-monitoring tool.",
            ),
        ],
        "kpis": [
            (
                "csat",
                "at_least",
                "85",
                "percent",
                "any",
                "Team average across all channels, reviewed weekly.",
            ),
            (
                "fcr",
                "at_least",
                "75",
                "percent",
                "any",
                "Team first-contact resolution, with 85 % as the stretch goal.",
            ),
            (
                "abandonment",
                "at_most",
                "5",
                "percent",
                "voice",
                "Calls dropped before an answer, kept below 5 % on the team's queue.",
            ),
            (
                "response_sla",
                "at_most",
                "2",
                "minutes",
                "chat",
                "Longest typical wait before a chat is picked up.",
            ),
            (
                "adherence",
                "at_least",
                "90",
                "percent",
                "any",
                "Whole-team schedule adherence, breaks and coaching time planned in.",
            ),
            (
                "escalation_rate",
                "at_most",
                "10",
                "percent",
                "any",
                "Share of the team's contacts passed to a specialist or to engineering.",
            ),
        ],
        "training": {
            "onboarding_hours": 80,
            "classroom_weeks": 2,
            "mentored_weeks": 4,
            "ongoing_plan": (
                "A monthly leadership workshop, shadowing an experienced lead for your first "
                "month, quarterly coaching-skills sessions and the annual compliance refresher."
            ),
        },
        "career_steps": [
            ("Workforce Planner", 18, 36, 10),
            ("Contact Centre Operations Manager", 36, None, 20),
        ],
        "compensation": {
            "currency": "USD",
            "pay_period": "year",
            "minimum": "60000",
            "maximum": "76000",
            "bonus": "Annual bonus linked to the team's CSAT, resolution and retention results.",
            "benefits": (
                "Medical, dental and vision insurance, paid time off, parental leave and a 401(k) "
                "with an employer match."
            ),
            "perks": "Leadership development budget, tuition reimbursement and free parking.",
        },
        "screening_questions": [
            (
                "Are you legally allowed to work in the United States?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "How many years have you worked in a contact centre?",
                "number",
                "number_below",
                "2",
            ),
            (
                "How many people have you coached or supervised, formally or informally?",
                "number",
                "never",
                "",
            ),
        ],
    },
    {
        "title": "Customer Experience Specialist",
        "family": "customer_experience",
        "level": "experienced",
        "team": "Customer Experience",
        "summary": (
            "You will handle the written conversations that need more care than a quick answer, "
            "over chat, email and our social channels, working from home anywhere in the US. "
            "Beyond solving each case, you will read customer feedback for patterns and help "
            "other teams fix the causes. This is a part-time role of 30 hours a week."
        ),
        "city": "Denver",
        "region": "Colorado",
        "country": "US",
        "workplace": "remote",
        "remote_eligibility": "United States",
        "employment_type": "part_time",
        "shift_pattern": "Five 6-hour shifts a week, two of them in the evening",
        "hours_per_week": 30,
        "coverage": "Monday to Friday, 9:00 to 21:00 Mountain",
        "channels": ["chat", "email", "social"],
        "openings": 3,
        "valid_for_days": 40,
        "responsibilities": [
            (
                "relationships",
                "Own complex written cases from first message to confirmed outcome, and follow "
                "up a few days later to check the fix held.",
            ),
            (
                "support",
                "Reply to public comments and direct messages on our social channels, moving "
                "account details into a private conversation straight away.",
            ),
            (
                "analysis",
                "Read survey comments and low CSAT scores every week and tag the recurring "
                "reasons behind them.",
            ),
            (
                "collaboration",
                "Bring the top customer pain points to product, logistics and billing teams with "
                "examples, and report back on what changed.",
            ),
            (
                "documentation",
                "Write and update knowledge-base articles and saved replies whenever you find an "
                "answer that is missing or out of date.",
            ),
            (
                "compliance",
                "Handle personal data under GDPR and our privacy rules, including access and "
                "deletion requests from customers in the EU.",
            ),
        ],
        "qualifications": [
            (
                "required",
                "experience",
                "At least one year answering customers in writing, in any industry.",
            ),
            (
                "required",
                "communication",
                "Warm, precise written English that adapts to each customer's tone.",
            ),
            (
                "required",
                "technical",
                "Experience with a CRM or help-desk tool such as Zendesk or Salesforce.",
            ),
            (
                "required",
                "problem_solving",
                "Able to turn a pile of feedback into a short list of fixable causes.",
            ),
            (
                "preferred",
                "technical",
                "Experience moderating a brand's social media accounts.",
            ),
            (
                "preferred",
                "education",
                "A customer-experience certification or related coursework.",
            ),
        ],
        "kpis": [
            (
                "csat",
                "at_least",
                "85",
                "percent",
                "any",
                "Measured on the cases you own through to closure.",
            ),
            (
                "fcr",
                "at_least",
                "80",
                "percent",
                "any",
                "Cases closed without the customer having to write again.",
            ),
            (
                "aht",
                "about",
                "20",
                "minutes",
                "chat",
                "Complex chats usually take 15 to 45 minutes; this is a guide, not a cap.",
            ),
            (
                "response_sla",
                "at_most",
                "24",
                "hours",
                "email",
                "Same target applies to direct messages on social channels.",
            ),
            (
                "quality",
                "at_least",
                "85",
                "percent",
                "any",
                "Reviewed for accuracy, tone and correct handling of personal data.",
            ),
        ],
        "training": {
            "onboarding_hours": 60,
            "classroom_weeks": 2,
            "mentored_weeks": 4,
            "ongoing_plan": (
                "Virtual product updates each month, a quarterly writing and de-escalation "
                "workshop, and an annual privacy and PCI-DSS refresher."
            ),
        },
        "career_steps": [
            ("Senior Customer Experience Specialist", 12, 24, 10),
            ("Customer Experience Team Lead", 18, 36, 15),
            ("Quality Assurance Lead", 36, None, 20),
        ],
        "compensation": {
            "currency": "USD",
            "pay_period": "hour",
            "minimum": "25.00",
            "maximum": "29.00",
            "bonus": "Quarterly bonus tied to CSAT and quality, prorated to your hours.",
            "benefits": (
                "Medical, dental and vision insurance, prorated paid time off and a 401(k) with an "
                "employer match."
            ),
            "perks": (
                "Company laptop and headset, a one-off home-office stipend and paid certification "
                "fees."
            ),
        },
        "screening_questions": [
            (
                "Do you live in the United States and are you legally allowed to work here?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "Can you work two evening shifts a week, until 21:00 Mountain time?",
                "yes_no",
                "answer_is_no",
                "",
            ),
        ],
    },
    {
        "title": "Technical Support Specialist",
        "family": "technical_support",
        "level": "experienced",
        "team": "Clinic Software Support",
        "summary": (
            "You will help clinic staff keep our scheduling and billing software running, taking "
            "the technical cases that front-line associates pass on. Expect to diagnose problems "
            "with remote-support tools, reproduce bugs and explain fixes so people can use the "
            "product with confidence. The role is fully remote within the US, and because you "
            "will see patient data, careful handling under HIPAA is part of the job."
        ),
        "city": "Raleigh",
        "region": "North Carolina",
        "country": "US",
        "workplace": "remote",
        "remote_eligibility": "United States",
        "employment_type": "full_time",
        "shift_pattern": "Four 10-hour shifts with a rotating weekend day",
        "hours_per_week": 40,
        "coverage": "Every day, 6:00 to 22:00 Eastern",
        "channels": ["voice", "chat", "email"],
        "openings": 4,
        "valid_for_days": 60,
        "responsibilities": [
            (
                "support",
                "Troubleshoot login, sync, printing and integration faults with screen-sharing "
                "and diagnostic tools until the clinic can work normally again.",
            ),
            (
                "documentation",
                "Track every case in the ticketing system with steps tried, results and the "
                "agreed follow-up date, then confirm the fix with the customer.",
            ),
            (
                "inquiries",
                "Show clinic staff how to use features they are missing, so the same question "
                "does not come back next week.",
            ),
            (
                "collaboration",
                "Reproduce defects and send engineering clear bug reports with logs, and keep "
                "the clinic informed until a release resolves it.",
            ),
            (
                "compliance",
                "Verify callers with the three-point identity check, view only the patient "
                "records a case needs under HIPAA, and never store full card numbers from "
                "subscription payments.",
            ),
            (
                "accounts",
                "Set up user permissions and role-based access for clinic accounts, removing "
                "access promptly when staff leave.",
            ),
        ],
        "qualifications": [
            (
                "required",
                "experience",
                "At least one year in technical support, a help desk or IT service role.",
            ),
            (
                "required",
                "technical",
                "Working knowledge of browsers, Windows and macOS, networking basics and "
                "remote-support tools.",
            ),
            (
                "required",
                "problem_solving",
                "A methodical approach to isolating faults, and patience with stressed users.",
            ),
            (
                "required",
                "communication",
                "Able to explain technical fixes to people without a technical background.",
            ),
            (
                "preferred",
                "education",
                "CompTIA A+, ITIL Foundation or a similar certification.",
            ),
            (
                "preferred",
                "experience",
                "Experience supporting healthcare software or working under HIPAA.",
            ),
        ],
        "kpis": [
            (
                "fcr",
                "at_least",
                "70",
                "percent",
                "any",
                "Technical cases are harder, so the target sits at the low end of 70 to 85 %.",
            ),
            (
                "aht",
                "at_most",
                "10",
                "minutes",
                "voice",
                "Upper end of the normal 4 to 10 minute range for calls.",
            ),
            (
                "aht",
                "about",
                "30",
                "minutes",
                "email",
                "Within the usual 15 to 45 minute range for written technical cases.",
            ),
            (
                "escalation_rate",
                "at_most",
                "10",
                "percent",
                "any",
                "Cases passed on to engineering or legal review.",
            ),
            (
                "csat",
                "at_least",
                "85",
                "percent",
                "any",
                "",
            ),
            (
                "quality",
                "at_least",
                "85",
                "percent",
                "any",
                "Includes a compliance check on how patient and card data were handled.",
            ),
        ],
        "training": {
            "onboarding_hours": 100,
            "classroom_weeks": 3,
            "mentored_weeks": 5,
            "ongoing_plan": (
                "Product release briefings every month, a HIPAA and PCI-DSS refresher every year, "
                "and paid time to study for vendor or IT certifications."
            ),
        },
        "career_steps": [
            ("Senior Technical Support Specialist", 12, 24, 12),
            ("Technical Support Team Lead", 18, 36, 15),
            ("Support Operations Manager", 36, None, 20),
        ],
        "compensation": {
            "currency": "USD",
            "pay_period": "year",
            "minimum": "52000",
            "maximum": "64000",
            "bonus": "Quarterly bonus based on resolution rate, quality and CSAT.",
            "benefits": (
                "Medical, dental and vision insurance, paid time off and a 401(k) with an "
                "employer match."
            ),
            "perks": "Company laptop and headset, internet allowance and certification exam fees.",
        },
        "screening_questions": [
            (
                "Do you live in the United States and are you legally allowed to work here?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "Do you have a private workspace where others cannot see or overhear "
                "patient information?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "How many years of technical support or help-desk experience do you have?",
                "number",
                "number_below",
                "1",
            ),
        ],
    },
    {
        "title": "Customer Insights Analyst",
        "family": "insights",
        "level": "experienced",
        "team": "Service Insights",
        "summary": (
            "You will turn contact records, surveys and queue data into findings that change how "
            "we serve customers. Your analysis will explain why people get in touch, forecast how "
            "many contacts are coming, and point teams to the fixes that remove repeat contacts. "
            "You will work from our Chicago office two days a week and from home the rest."
        ),
        "city": "Chicago",
        "region": "Illinois",
        "country": "US",
        "workplace": "hybrid",
        "remote_eligibility": "",
        "employment_type": "full_time",
        "shift_pattern": "Weekday hours with a flexible start; two days a week in the office",
        "hours_per_week": 40,
        "coverage": "Monday to Friday, core hours 10:00 to 15:00 Central",
        "channels": ["voice", "chat", "email", "social"],
        "openings": 1,
        "valid_for_days": 35,
        "responsibilities": [
            (
                "analysis",
                "Break contact volume down by reason, channel and customer group to show what "
                "drives demand and where it is rising.",
            ),
            (
                "other",
                "Build the weekly contact-volume forecast that workforce planning uses to set "
                "schedules.",
            ),
            (
                "relationships",
                "Design short surveys and run customer interviews or focus groups to learn what "
                "the numbers cannot tell you.",
            ),
            (
                "collaboration",
                "Present findings to marketing, product and support leaders, and agree who will "
                "own each recommended fix.",
            ),
            (
                "documentation",
                "Keep the daily service dashboard accurate and document every metric so anyone "
                "can read it the same way.",
            ),
            (
                "complaints",
                "Lead a monthly root-cause review of the most common complaints and measure "
                "whether the fixes reduced them.",
            ),
        ],
        "qualifications": [
            (
                "required",
                "technical",
                "Solid SQL and spreadsheet skills for pulling and shaping data yourself.",
            ),
            (
                "required",
                "problem_solving",
                "Able to frame a vague question, test it with data and state how sure you are.",
            ),
            (
                "required",
                "communication",
                "Able to explain a finding in a few slides or a short note to a non-technical "
                "audience.",
            ),
            (
                "required",
                "experience",
                "Two or more years of analysis work, ideally on customer or operations data.",
            ),
            (
                "preferred",
                "technical",
                "Python or R for statistics and forecasting.",
            ),
            (
                "preferred",
                "experience",
                "Time spent in a contact centre, so you know what sits behind the data.",
            ),
        ],
        "kpis": [
            (
                "other",
                "at_least",
                "90",
                "percent",
                "any",
                "Forecast accuracy: weekly contact-volume forecast compared with actual volume.",
            ),
            (
                "other",
                "at_least",
                "15",
                "percent",
                "any",
                "Contact-volume reduction for each targeted driver within a 90-day "
                "remediation programme.",
            ),
            (
                "fcr",
                "at_least",
                "75",
                "percent",
                "any",
                "Centre-wide figure you help lift by finding the causes of repeat contacts.",
            ),
            (
                "csat",
                "at_least",
                "85",
                "percent",
                "any",
                "Shared centre-wide goal that your recommendations support.",
            ),
        ],
        "training": {
            "onboarding_hours": 40,
            "classroom_weeks": 1,
            "mentored_weeks": 4,
            "ongoing_plan": (
                "A week on the support floor listening to contacts, a monthly analytics "
                "study session, conference or course budget, and the annual privacy refresher."
            ),
        },
        "career_steps": [
            ("Senior Customer Insights Analyst", 12, 24, 12),
            ("Workforce Planning Lead", 18, 36, 15),
            ("Customer Operations Manager", 36, None, 20),
        ],
        "compensation": {
            "currency": "USD",
            "pay_period": "year",
            "minimum": "62000",
            "maximum": "78000",
            "bonus": "Annual bonus tied to company results and the impact of your projects.",
            "benefits": (
                "Medical, dental and vision insurance, paid time off, parental leave and a 401(k) "
                "with an employer match."
            ),
            "perks": "Learning budget, tuition reimbursement and a commuter benefit.",
        },
        "screening_questions": [
            (
                "Are you legally allowed to work in the United States?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "Which tools do you use most for data analysis?",
                "short_text",
                "never",
                "",
            ),
        ],
    },
    {
        "title": "Customer Service Trainer",
        "family": "training",
        "level": "senior",
        "team": "Learning and Quality",
        "summary": (
            "You will prepare new associates for their first live contacts and help experienced "
            "ones keep improving. That means teaching classroom sessions, sitting with people "
            "during their mentored weeks and rewriting material whenever a product or policy "
            "changes. Your own time on the phones will give the training its real-world examples."
        ),
        "city": "Phoenix",
        "region": "Arizona",
        "country": "US",
        "workplace": "on_site",
        "remote_eligibility": "",
        "employment_type": "full_time",
        "shift_pattern": "Weekday days, plus an occasional evening class for late-shift hires",
        "hours_per_week": 40,
        "coverage": "Monday to Friday, 8:00 to 17:00 Arizona time",
        "channels": ["voice", "chat", "email"],
        "openings": 1,
        "valid_for_days": 50,
        "responsibilities": [
            (
                "learning",
                "Deliver the new-hire programme of two to four weeks of classroom work, covering "
                "tools, policies, service skills and product knowledge.",
            ),
            (
                "leadership",
                "Guide each cohort through its mentored live-handling weeks and decide with team "
                "leads when someone is ready to work alone.",
            ),
            (
                "analysis",
                "Compare quality and CSAT results before and after each course to see what the "
                "training actually changed.",
            ),
            (
                "documentation",
                "Revise lesson plans, role-plays and quick-reference guides within a week of a "
                "product or policy change.",
            ),
            (
                "compliance",
                "Teach the PCI-DSS, privacy and three-point identity rules, and run the annual "
                "compliance refresher for every associate.",
            ),
            (
                "collaboration",
                "Sit in on quality calibration with team leads and turn common scoring gaps into "
                "short refresher sessions.",
            ),
        ],
        "qualifications": [
            (
                "required",
                "experience",
                "Three or more years in customer-facing support, with some time coaching or "
                "training others.",
            ),
            (
                "required",
                "communication",
                "Confident presenting to groups and running interactive role-play exercises.",
            ),
            (
                "required",
                "problem_solving",
                "Able to spot why a learner is struggling and try a different way to explain.",
            ),
            (
                "required",
                "technical",
                "Comfortable with a CRM or ticketing system and with presentation software.",
            ),
            (
                "preferred",
                "education",
                "Coursework or certification in instructional design or adult learning.",
            ),
            (
                "preferred",
                "technical",
                "Experience building e-learning modules in a learning management system.",
            ),
        ],
        "kpis": [
            (
                "other",
                "at_least",
                "5",
                "percent",
                "any",
                "CSAT uplift among trained associates after a coaching or training intervention.",
            ),
            (
                "quality",
                "at_least",
                "85",
                "percent",
                "any",
                "Average quality score of new hires at the end of their mentored weeks.",
            ),
            (
                "fcr",
                "at_least",
                "70",
                "percent",
                "any",
                "First-contact resolution reached by new hires when they finish mentoring.",
            ),
            (
                "other",
                "at_most",
                "15",
                "percent",
                "any",
                "Annual turnover of associates you trained, a goal shared with team leads.",
            ),
        ],
        "training": {
            "onboarding_hours": 60,
            "classroom_weeks": 2,
            "mentored_weeks": 4,
            "ongoing_plan": (
                "Co-facilitate a full cohort before leading one, then take quarterly "
                "facilitation coaching and the annual compliance refresher you will later teach."
            ),
        },
        "career_steps": [
            ("Senior Customer Service Trainer", 12, 24, 10),
            ("Training and Quality Manager", 36, None, 20),
        ],
        "compensation": {
            "currency": "USD",
            "pay_period": "year",
            "minimum": "58000",
            "maximum": "72000",
            "bonus": "Annual bonus linked to new-hire quality and retention results.",
            "benefits": (
                "Medical, dental and vision insurance, paid time off and a 401(k) with an "
                "employer match."
            ),
            "perks": (
                "Paid instructional-design certification, tuition reimbursement and free parking."
            ),
        },
        "screening_questions": [
            (
                "Are you legally allowed to work in the United States?",
                "yes_no",
                "answer_is_no",
                "",
            ),
            (
                "How many years have you worked in a customer-facing support role?",
                "number",
                "number_below",
                "3",
            ),
            (
                "Briefly describe a training session or coaching plan you have delivered.",
                "short_text",
                "never",
                "",
            ),
        ],
    },
)
