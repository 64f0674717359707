"""The technical support assessment: a practice call, a written hand-off and 20 situations.

Used for the technical support role family. The shape matches ``customer_service.py``; the
call, the ticket, most questions and the anchors where the technical context matters are
its own. Seven quiz questions that fit any support desk are imported from the customer
service template rather than restated, as are the criteria whose anchors do not depend on
the case (the opening and identity check, clarity, tone).

Facts come from the domain reading in ``shared/seeds`` (identity check, PCI-DSS, GDPR, the
Level 1/2/3 escalation split, remote support and diagnostic tools); the sentences are ours.
Account, case and serial numbers are short and fail the Luhn check; the card numbers are
well-known test numbers, present only where marked ``contains_card_number``.
"""

from .customer_service import (
    ABUSIVE_CALLER,
    ASKED_THREE_TIMES,
    CARD_NUMBER_IN_CHAT,
    DATA_ACCESS_REQUEST,
    OPENING_IDENTITY,
    REVIEW_THREAT,
    SPOUSE_ON_THE_LINE,
    UNSUBMITTED_REFUND,
    WRITTEN_CLARITY,
    WRITTEN_TONE,
)

TEMPLATE_KEY = "technical-support-core"

# ---------------------------------------------------------------------------------------------
# Task 1: the practice call
# ---------------------------------------------------------------------------------------------

CALL_RUBRIC = {
    "name": "Practice call: dropping connection and a charge for a missed visit",
    "criteria": [
        OPENING_IDENTITY,
        {
            "key": "empathy",
            "name": "Empathy and acknowledgement",
            "looks_for": (
                "Acknowledges what the drops are costing this customer (his work calls, his "
                "manager's doubts, a morning off for a visit that never came) and apologises "
                "sincerely without stalling the call."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "No acknowledgement of the customer's situation; goes straight to "
                        "troubleshooting steps, or answers defensively ('the engineer fee is "
                        "standard')."
                    ),
                    "feedback": (
                        "Acknowledge what the problem is costing the customer, in your own "
                        "words, before you start troubleshooting."
                    ),
                },
                2: {
                    "anchor": (
                        "A generic, scripted apology ('sorry for any inconvenience') with no "
                        "reference to his work or the missed visit."
                    ),
                    "feedback": (
                        "Replace general apologies with a sentence of your own that names what "
                        "actually went wrong for this customer."
                    ),
                },
                3: {
                    "anchor": (
                        "Apologises for one specific thing (the drops or the no-show visit) but "
                        "misses the impact on his work, or acknowledges it once and then "
                        "becomes purely technical."
                    ),
                    "feedback": (
                        "You apologised for part of the problem; naming its effect on the "
                        "customer's work would show you had really heard him."
                    ),
                },
                4: {
                    "anchor": (
                        "Names the impact in their own words (dropped client calls, his "
                        "manager's doubts, the wasted morning) and owns the missed visit on "
                        "the company's behalf."
                    ),
                    "feedback": (
                        "You named what the problem was costing the customer and took "
                        "responsibility for the missed visit."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and keeps the person in view through the technical part: "
                        "checks the fix will not interrupt a call he has coming up, and comes "
                        "back to his situation when he threatens to leave."
                    ),
                    "feedback": (
                        "You kept the customer's situation in view right through the technical "
                        "work, which made the fix feel personal."
                    ),
                },
            },
        },
        {
            "key": "diagnosis",
            "name": "Problem diagnosis",
            "looks_for": (
                "Builds a picture of the fault from the customer and the tools (pattern and "
                "start date, line test, out-of-date firmware with a known issue, no area "
                "outage), spots the billing error, and does not repeat steps he has already "
                "taken."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "Does not investigate: offers a fix without asking or testing anything, "
                        "or dismisses the drops ('it's probably your Wi-Fi')."
                    ),
                    "feedback": (
                        "Take a moment to find out what is happening, from the customer and "
                        "from your tools, before you suggest a fix."
                    ),
                },
                2: {
                    "anchor": (
                        "Follows a generic script regardless of what he said: asks him to "
                        "restart the router again, or ignores the line test and firmware "
                        "details on screen."
                    ),
                    "feedback": (
                        "Use what the customer has already tried and what your tools show, "
                        "rather than starting from the first step of the script."
                    ),
                },
                3: {
                    "anchor": (
                        "Runs or reads the line test and picks up the billing problem, but "
                        "does not connect the evidence (drops since 31 October, low noise "
                        "margin, firmware 3.1.8's known issue) into a likely cause."
                    ),
                    "feedback": (
                        "You gathered the right evidence; say how it fits together, so the "
                        "customer understands why you are choosing your next step."
                    ),
                },
                4: {
                    "anchor": (
                        "Confirms the pattern with the customer, reads the line test and "
                        "firmware accurately, rules out an area outage, and explains the likely "
                        "cause in plain words; checks the visit record and finds it was "
                        "cancelled by the system."
                    ),
                    "feedback": (
                        "You combined what the customer told you with your tools' results and "
                        "explained the likely cause clearly."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and sums up both problems, the connection and the bill, "
                        "before fixing either, so the customer hears that everything he raised "
                        "has been understood."
                    ),
                    "feedback": (
                        "Your diagnosis was thorough and clearly explained, and summing both "
                        "problems up first showed the customer you had understood."
                    ),
                },
            },
        },
        {
            "key": "policy_accuracy",
            "name": "Policy and accuracy",
            "looks_for": (
                "Stops the card number without repeating it; removes the $75 fee and adds the "
                "$25 missed-appointment credit before autopay; states the fix, the visit "
                "arrangements and the early-termination rule accurately, promising nothing "
                "the screen does not support."
            ),
            "weight": 3,
            "levels": {
                1: {
                    "anchor": (
                        "Asks for, repeats or notes the card number, or insists the visit fee "
                        "stands, or promises something against policy (a guaranteed fix, "
                        "waiving the early-termination fee outright)."
                    ),
                    "feedback": (
                        "Never ask for, repeat or write down a card number, and check what the "
                        "policy allows before you promise anything."
                    ),
                },
                2: {
                    "anchor": (
                        "Lets the customer read the whole card number out without stopping "
                        "him, or gets a policy or figure wrong in a way that misleads him "
                        "(refunds the fee to his card when the bill is unpaid, says the "
                        "cancellation fee always applies)."
                    ),
                    "feedback": (
                        "Stop a customer as soon as they start reading out card details, and "
                        "double-check amounts and rules before you give them."
                    ),
                },
                3: {
                    "anchor": (
                        "Stops the card number but does not say why; removes the visit fee but "
                        "misses the $25 credit, or is vague about the bill, the visit window or "
                        "the early-termination rule."
                    ),
                    "feedback": (
                        "You stopped the card details in time; next time tell the customer why, "
                        "and apply everything the policy gives, such as the missed-appointment "
                        "credit."
                    ),
                },
                4: {
                    "anchor": (
                        "Stops the card number at once without repeating it and explains it is "
                        "never needed; corrects the bill to $30 before autopay, and describes "
                        "the fix or the visit (window, text, call ahead) accurately."
                    ),
                    "feedback": (
                        "You kept the card details safe and applied each policy with the right "
                        "amounts and arrangements."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and uses the options in the customer's favour: pairs the "
                        "remote fix with a held engineer slot (or the reverse), and answers "
                        "the cancellation threat with the 30-day waiver accurately, without "
                        "overpromising."
                    ),
                    "feedback": (
                        "You applied policy accurately and used every option it gave you to "
                        "help the customer, without overpromising."
                    ),
                },
            },
        },
        {
            "key": "de_escalation",
            "name": "De-escalation and call control",
            "looks_for": (
                "Stays calm when the customer doubts the fix and threatens to leave, explains "
                "why this time is different with facts, and keeps the call moving to a plan."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "Argues, blames the customer or the engineers, matches his tone, or "
                        "loses control of the call (long silences, going round in circles)."
                    ),
                    "feedback": (
                        "When a customer pushes back, keep your tone level and focus on what "
                        "you can do for them rather than on who is at fault."
                    ),
                },
                2: {
                    "anchor": (
                        "Polite but defensive under pushback ('that wasn't my team'), or meets "
                        "the threat to leave with the cancellation process or the fee rather "
                        "than an attempt to help."
                    ),
                    "feedback": (
                        "When a customer doubts you or threatens to leave, answer the worry "
                        "with a concrete option before anything else."
                    ),
                },
                3: {
                    "anchor": (
                        "Stays calm, but answers doubt with general reassurance ('it should "
                        "work this time') rather than a reason or a safeguard; the call drifts."
                    ),
                    "feedback": (
                        "You stayed calm under pressure; a specific reason and a fallback plan "
                        "will settle a doubtful customer faster than reassurance."
                    ),
                },
                4: {
                    "anchor": (
                        "Explains why this step differs from what he tried (an update and a "
                        "line reset from our side, or a confirmed priority slot with a call "
                        "ahead), respects his right to leave, and steers back to the plan."
                    ),
                    "feedback": (
                        "You met doubt with clear reasons and a plan, and handled the threat to "
                        "leave respectfully."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and gives him control: a real choice, a safeguard if the "
                        "first step fails, and a check-in he can count on, so each answer "
                        "closes a worry."
                    ),
                    "feedback": (
                        "You lowered the tension by giving the customer real choices and a "
                        "safety net, while keeping the call on course."
                    ),
                },
            },
        },
        {
            "key": "resolution_closing",
            "name": "Resolution and closing",
            "looks_for": (
                "Agrees a plan for both the connection and the bill, sums it up with amounts, "
                "times and the case reference, says when and how the customer will hear next, "
                "and what to do if the drops return."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "The call ends with no plan, or with the customer unsure what happens next."
                    ),
                    "feedback": (
                        "Before you end a call, agree what will happen next and make sure the "
                        "customer knows it."
                    ),
                },
                2: {
                    "anchor": (
                        "Only one problem is dealt with (the connection or the bill); no "
                        "summary, no reference, no follow-up."
                    ),
                    "feedback": (
                        "Make sure every problem the customer raised has an agreed outcome "
                        "before you close the call."
                    ),
                },
                3: {
                    "anchor": (
                        "Both problems have an outcome, but the recap misses the amount, the "
                        "time of the next contact or the reference, or gives no advice for if "
                        "the drops come back."
                    ),
                    "feedback": (
                        "You dealt with both problems; a recap with the amount, the next "
                        "contact time and the case reference would leave nothing uncertain."
                    ),
                },
                4: {
                    "anchor": (
                        "A complete, accurate recap (the fix and when it runs, the visit if "
                        "booked, the bill at $30), the case reference, a follow-up time, and "
                        "what to do if it drops again."
                    ),
                    "feedback": (
                        "Your closing summary was complete and accurate and told the customer "
                        "exactly what to do if the problem came back."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and closes personally: owns the follow-up themselves, "
                        "confirms the customer is happy with the plan, and ends warmly."
                    ),
                    "feedback": (
                        "Your close was clear, personal and confident, and you owned the "
                        "follow-up yourself."
                    ),
                },
            },
        },
    ],
}

MOCK_CALL = {
    "kind": "mock_call",
    "title": "Practice call: a connection that keeps dropping",
    "time_limit_minutes": 10,
    "weight": 40,
    "instructions": (
        "You will take a phone call from a home broadband customer. His lines appear one at a "
        "time; answer each one as you would on a real call, by speaking or by typing. His "
        "account, the results of your diagnostic tools and the policies you can use are on "
        "screen the whole time. At one point you will choose how to proceed before you "
        "answer. You have 10 minutes. We listen for how you open the call and check who you "
        "are speaking to, how you work out what is wrong, how accurately you apply our "
        "policies, and how clearly you agree what happens next."
    ),
    "what_we_look_for": [
        "A friendly opening and a full identity check before you discuss the account",
        "Acknowledging what the problem is costing the customer",
        "Using what the customer says and what your tools show to find the cause",
        "Applying the policies on screen accurately and keeping card details safe",
        "Staying calm and clear when the customer doubts you",
        "A plan the customer can repeat back, with times and a follow-up",
    ],
    "scenario": (
        "You work on the technical support line at Fernhill Broadband, a home and business "
        "internet provider. It is Tuesday 10 November 2026, mid-morning. A customer is calling "
        "about his home connection. Before you discuss any account, you confirm three things: "
        "the customer's full name, the ZIP code and the date of birth on file. You never need "
        "a customer's card number."
    ),
    "call": {
        "customer_name": "Daniel Reyes",
        "account_facts": {
            "Today": "Tuesday 10 November 2026",
            "Customer": "Daniel Reyes, customer since 2023",
            "ZIP code on file": "80211",
            "Date of birth on file": "2 June 1990",
            "Account number": "FB-2204817",
            "Plan": "Home 500 broadband, $55.00 a month; 12-month contract, 4 months left",
            "Router": "Fernhill Hub 3, firmware 3.1.8 (current release 3.2.1)",
            "Known issue": (
                "Firmware 3.1.8 can lose the connection on lines with a low noise margin; "
                "fixed in 3.2.1"
            ),
            "Fault history": (
                "First reported Monday 2 November; 14 drops since 31 October, each lasting 2–6 "
                "minutes"
            ),
            "Line test (just now)": (
                "Line in sync; 3 losses of sync in the last 24 hours; noise margin 4 dB "
                "(healthy is 6 dB or more)"
            ),
            "Area status": "No outage or planned work in the area",
            "Engineer visit": (
                "Booked for Thursday 5 November, 8 am–12 pm; cancelled by the system on 4 "
                "November (no engineer available); customer not told"
            ),
            "Current bill": (
                "$130.00 (Home 500 $55.00 plus engineer visit fee $75.00); autopay on 20 "
                "November from the card ending 4444"
            ),
            "Amount that should have been billed": (
                "$55.00; the visit fee applies only when a visit takes place and finds the "
                "fault inside the home"
            ),
            "Policy: missed appointment": (
                "Remove the visit fee and add a $25 credit; both come off the current bill "
                "before autopay"
            ),
            "Remote fix": (
                "Line reset and firmware update to 3.2.1; about 10 minutes, and the connection "
                "drops while it runs"
            ),
            "Engineer slots": (
                "Priority slots Thursday 12 November 8 am–12 pm or Friday 13 November 12–4 pm; "
                "confirmed by text the evening before, and the engineer calls 30 minutes ahead"
            ),
            "Early-termination fee": (
                "$120; waived if a reported fault is still unresolved 30 days after it was reported"
            ),
            "Team lead": "Can call the customer back within 4 business hours if asked",
            "Case reference": "TS-31964",
        },
        "turns": [
            {
                "key": "t1",
                "stage": "opening",
                "text": (
                    "Yeah, hi. My internet's dropped out again, third time this morning, and "
                    "I'm calling from my mobile because of it. I need this fixed today, not "
                    "next week."
                ),
                "next": "t2",
            },
            {
                "key": "t2",
                "stage": "identity",
                "text": (
                    "Daniel Reyes. The account number's FB-2204817; it's on the bill in front "
                    "of me."
                ),
                "next": "t3",
            },
            {
                "key": "t3",
                "stage": "identity",
                "text": (
                    "ZIP's 80211, date of birth June second, 1990; I know the drill by now. "
                    "Can we get to the actual problem?"
                ),
                "next": "t4",
            },
            {
                "key": "t4",
                "stage": "empathy",
                "text": (
                    "I work from home, and I've been cut off in the middle of two client calls "
                    "this week. My manager's started asking whether I can really work remotely, "
                    "so this isn't just an annoyance."
                ),
                "next": "t5",
            },
            {
                "key": "t5",
                "stage": "diagnosis",
                "text": (
                    "It started about ten days ago. The light on the router goes orange for a "
                    "few minutes and then comes back on its own, and yes, I've turned it off "
                    "and on again more times than I can count."
                ),
                "next": "t6",
            },
            {
                "key": "t6",
                "stage": "diagnosis",
                "text": (
                    "And another thing. Someone was meant to come out last Thursday, so I took "
                    "the morning off work, and nobody turned up. Now my bill says I owe you "
                    "seventy-five dollars for the visit!"
                ),
                "next": "t7",
            },
            {
                "key": "t7",
                "stage": "policy",
                "text": (
                    "I want that money back right now. Put it back on my card; here, it's 5555 "
                    "5555 5555 4444, expiry—"
                ),
                "contains_card_number": True,
                "next": "t8",
            },
            {
                "key": "t8",
                "stage": "policy",
                "text": (
                    "So are you going to sort the bill or not? And what about the internet; am "
                    "I just supposed to live with it dropping out?"
                ),
                "branches": [
                    {"label": "Run the remote line reset and firmware update now", "next": "t9a"},
                    {"label": "Book a priority engineer visit", "next": "t9b"},
                ],
            },
            {
                "key": "t9a",
                "stage": "de_escalation",
                "text": (
                    "A reset? I've reset that thing a hundred times. How is yours going to be "
                    "any different?"
                ),
                "next": "t10",
            },
            {
                "key": "t9b",
                "stage": "de_escalation",
                "text": (
                    "Another visit? Nobody showed up to the last one. Why should I take "
                    "another morning off for nothing?"
                ),
                "next": "t10",
            },
            {
                "key": "t10",
                "stage": "de_escalation",
                "text": (
                    "Honestly, I've paid you every month for three years and this is what I "
                    "get. Maybe I should just cancel and go somewhere else."
                ),
                "next": "t11",
            },
            {
                "key": "t11",
                "stage": "resolution",
                "text": "Okay. So what exactly happens now, and when will I hear from you?",
                "next": "t12",
            },
            {
                "key": "t12",
                "stage": "closing",
                "text": "Fine. Thanks. I just want the thing to work.",
                "next": None,
            },
        ],
    },
    "rubric": CALL_RUBRIC,
}

# ---------------------------------------------------------------------------------------------
# Task 2: the written hand-off
# ---------------------------------------------------------------------------------------------

WRITTEN_RUBRIC = {
    "name": "Written hand-off: morning drops at a business customer",
    "criteria": [
        {
            "key": "handoff_completeness",
            "name": "Completeness of the hand-off",
            "looks_for": (
                "The hand-off carries every key fact, so the Level 2 network specialist can "
                "act without rereading the ticket or calling the customer for basics."
            ),
            "weight": 3,
            "levels": {
                1: {
                    "anchor": (
                        "Most key facts are missing; Level 2 would have to read the whole "
                        "ticket or call the customer to start."
                    ),
                    "feedback": (
                        "In your hand-off, set out the fault, what has been tried and what the "
                        "customer needs, so the specialist can act without reading the whole "
                        "ticket."
                    ),
                },
                2: {
                    "anchor": (
                        "Describes the fault in outline but leaves out the evidence (E-217, "
                        "the 06:00–08:30 pattern, the line test) or what has already been "
                        "tried, so Level 2 may repeat the reboot, firmware or hub swap."
                    ),
                    "feedback": (
                        "Include the evidence and everything already tried, so the specialist "
                        "you hand over to does not repeat it."
                    ),
                },
                3: {
                    "anchor": (
                        "Gives the fault, the evidence and what was tried, but leaves out one "
                        "fact that changes how Level 2 acts: the 25 November deadline, the "
                        "unkept dongle and credit promise, or the before-7/after-3 contact "
                        "window."
                    ),
                    "feedback": (
                        "Your hand-off covered the technical picture; add the deadline, any "
                        "promise made to the customer and when they can be reached."
                    ),
                },
                4: {
                    "anchor": (
                        "Gives all the key facts: account and site, the pattern and code, the "
                        "06:25 line test, both earlier fixes with dates and names, the impact, "
                        "the promises, the deadline and the contact window."
                    ),
                    "feedback": (
                        "Your hand-off carried every fact the specialist needs to act without "
                        "going back to the customer."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and adds what lets Level 2 act at once: a clear request "
                        "(investigate the line and cabinet, engineer in the early-morning "
                        "window, approve the credit), what the candidate has already done "
                        "(dongle ordered) and what the customer has been told."
                    ),
                    "feedback": (
                        "Your hand-off was complete and ended in a clear request, so a "
                        "specialist could act on it straight away."
                    ),
                },
            },
        },
        WRITTEN_CLARITY,
        WRITTEN_TONE,
        {
            "key": "ticket_accuracy",
            "name": "Accuracy against the ticket",
            "looks_for": (
                "Every fact, code, reading, date and reference in both texts matches the "
                "ticket, and the reply promises only what the process supports."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "Several facts are wrong or invented (error code, drop times, what was "
                        "replaced, dates), enough to send Level 2 down the wrong path."
                    ),
                    "feedback": (
                        "Check each fact, code and date against the ticket before you send; "
                        "the specialist will act on exactly what you write."
                    ),
                },
                2: {
                    "anchor": (
                        "One significant error (the code, the window, the hub swap, the "
                        "deadline), or a promise the process does not support, such as an "
                        "engineer today or a credit already approved."
                    ),
                    "feedback": (
                        "Double-check codes, times and dates against the ticket before you "
                        "send, and promise only what our process allows."
                    ),
                },
                3: {
                    "anchor": (
                        "Correct but vague where the ticket is exact ('an error', 'in the "
                        "mornings', 'a low signal' instead of E-217, 06:00–08:30 and 2 dB "
                        "against a 6 dB minimum)."
                    ),
                    "feedback": (
                        "Your facts were right; quote exact codes, times and readings so the "
                        "specialist does not have to look them up."
                    ),
                },
                4: {
                    "anchor": (
                        "All facts, codes, readings, dates and references are correct and "
                        "exact, and every promise matches the process in the task."
                    ),
                    "feedback": (
                        "Every fact, code and reading you gave matched the ticket exactly."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and reads the history critically: notes that Marcus's "
                        "passing line test ran outside the fault window, and that the drops "
                        "after the hub swap rule out the hub and firmware."
                    ),
                    "feedback": (
                        "You were exact throughout and read the evidence critically, which "
                        "will save the specialist time."
                    ),
                },
            },
        },
        {
            "key": "compliance",
            "name": "Compliance: identity, data handling, card numbers",
            "looks_for": (
                "No card number and no other sensitive data in either text; the card number in "
                "the 14 November chat is flagged for removal; the billing email change is not "
                "simply made from an unverified message."
            ),
            "weight": 3,
            "levels": {
                1: {
                    "anchor": (
                        "A full card number or similar sensitive data appears in either text, "
                        "or the customer is asked to send card details by chat or email."
                    ),
                    "feedback": (
                        "Never put card numbers into your notes or emails, and never ask a "
                        "customer to send them that way."
                    ),
                },
                2: {
                    "anchor": (
                        "No card number, but the billing email is changed, or promised, on the "
                        "strength of the email alone, or the texts include data Level 2 does "
                        "not need."
                    ),
                    "feedback": (
                        "Make account changes only after the identity check, and keep the "
                        "personal data in your hand-off to what the specialist needs."
                    ),
                },
                3: {
                    "anchor": (
                        "Keeps sensitive data out of both texts, but passively: does not flag "
                        "the card number in the chat, and says nothing to the customer about "
                        "not sending card details."
                    ),
                    "feedback": (
                        "You kept sensitive data out of your writing; also flag any you find "
                        "in the ticket, and tell the customer how to keep their details safe."
                    ),
                },
                4: {
                    "anchor": (
                        "Flags the chat's card number for removal without copying it, tells "
                        "the customer no payment is needed and not to send card details, and "
                        "routes the billing email change through the usual verification."
                    ),
                    "feedback": (
                        "You handled personal and payment data correctly, and kept account "
                        "changes behind the proper checks."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and builds safety into the next step: asks Level 2 to "
                        "confirm identity on their call, and explains to the customer briefly "
                        "why the checks protect the business."
                    ),
                    "feedback": (
                        "You built data protection into the next step for both the customer "
                        "and the specialist."
                    ),
                },
            },
        },
        {
            "key": "next_steps",
            "name": "Next steps and timeline",
            "looks_for": (
                "Both texts say who does what by when, consistently and realistically: the "
                "dongle tomorrow, Level 2 within 8 business hours, an engineer in the morning "
                "window, all well before 25 November, and the candidate's own check-in."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "No next steps, or next steps with no owner or time ('we'll look into it')."
                    ),
                    "feedback": "End each of your messages with who will do what, and by when.",
                },
                2: {
                    "anchor": (
                        "Next steps are given but are unrealistic against the stated times (an "
                        "engineer today), or the hand-off and the reply promise different "
                        "things."
                    ),
                    "feedback": (
                        "Promise only timelines the team can meet, and make your hand-off and "
                        "your reply say the same thing."
                    ),
                },
                3: {
                    "anchor": (
                        "Realistic steps in one text but not the other, or times left vague "
                        "('soon', 'as quickly as possible'), or the dongle left to Level 2 "
                        "when the candidate could order it now."
                    ),
                    "feedback": (
                        "Give a specific day or time in both texts, and do yourself what you "
                        "are able to, such as ordering the backup."
                    ),
                },
                4: {
                    "anchor": (
                        "Both texts give the same realistic plan with owners and dates: dongle "
                        "arriving Tuesday 17 November, Level 2 in touch after 3 pm, an early "
                        "engineer visit, all ahead of 25 November."
                    ),
                    "feedback": (
                        "You set out realistic next steps with owners and dates, consistent "
                        "across both texts."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and adds a safety net: a set time when the candidate will "
                        "check progress and contact the customer, within her contact window."
                    ),
                    "feedback": (
                        "Your next steps were realistic and included your own follow-up check, "
                        "so nothing could slip through."
                    ),
                },
            },
        },
    ],
}

WRITTEN_ESCALATION = {
    "kind": "written_escalation",
    "title": "Written hand-off: a business line that drops every morning",
    "time_limit_minutes": 15,
    "weight": 35,
    "instructions": (
        "Read the ticket history below, then write two things: a hand-off note to the Level 2 "
        "Network team and a reply to the customer. You have 15 minutes for both, so spend a "
        "few minutes reading before you write. We look at whether your hand-off gives the "
        "specialist the evidence and context they need to act, whether your reply is accurate, "
        "clear and kind, and whether you handle personal and payment details safely."
    ),
    "what_we_look_for": [
        "A hand-off the specialist can act on without rereading the ticket",
        "Codes, times, readings and dates that match the ticket exactly",
        "A warm, plain-English reply that owns what went wrong",
        "No card numbers or other sensitive details in anything you write",
        "Clear next steps with realistic times, the same in both texts",
    ],
    "scenario": (
        "You work on the business support desk at Fernhill Broadband. It is Monday 16 November "
        "2026, 10:00 am, and this ticket has just reached your queue. Level 2 Network "
        "investigates faults on lines and street cabinets and books field engineers; for "
        "Business customers they respond within 8 business hours and can send an engineer the "
        "next business day. You can order a 4G backup dongle yourself: it is free for "
        "Business customers while a fault is open and arrives the next business day. Service "
        "credits need Level 2 approval."
    ),
    "ticket": {
        "reference": "TS-52806",
        "subject": "Business broadband drops every morning; card terminals offline",
        "customer": {
            "name": "Rosa Delgado (owner, Delgado's Bakery)",
            "account": "FB-B-730562",
            "plan": "Business Essentials 300",
            "contact_preference": "Phone only before 7 am or after 3 pm; email or chat any time",
        },
        "entries": [
            {
                "at": "2026-11-09T06:41:00",
                "author": "customer",
                "channel": "email",
                "body": (
                    "Since last week our internet drops out almost every morning between about "
                    "6 and 8:30, just as we open. Both our card terminals go offline each time "
                    "and we're stuck taking cash. Please fix this urgently. Rosa Delgado, "
                    "Delgado's Bakery, 14 Larch Street"
                ),
            },
            {
                "at": "2026-11-09T10:15:00",
                "author": "agent: Marcus",
                "channel": "phone",
                "body": (
                    "Called Rosa. Line test passed. Hub log shows drops at 06:12, 06:58 and "
                    "07:31 today, each logged as E-217 (LCP echo timeout). Rebooted the hub "
                    "remotely and pushed firmware 3.2.1. Asked her to tell us if it happens "
                    "again."
                ),
            },
            {
                "at": "2026-11-10T07:05:00",
                "author": "customer",
                "channel": "chat",
                "body": (
                    "It happened again at 6:20 and 7:45 this morning. The company that "
                    "supplies our card terminals checked their side and says it's the "
                    "internet. Please only call me before 7 am or after 3 pm; I'm on the ovens "
                    "in between."
                ),
            },
            {
                "at": "2026-11-10T15:32:00",
                "author": "agent: Aisha",
                "channel": "phone",
                "body": (
                    "Called Rosa after 3 pm. Sending a replacement Hub 3 by courier, arriving "
                    "12 Nov. Told her I'd also send a 4G backup dongle so the card terminals "
                    "keep working, to arrive by Friday 13 Nov, and that she'd get a service "
                    "credit for the days affected."
                ),
            },
            {
                "at": "2026-11-12T15:20:00",
                "author": "system",
                "channel": "note",
                "body": (
                    "Replacement hub FH3-88214 online at 15:20. Old hub to be returned in the "
                    "prepaid bag."
                ),
            },
            {
                "at": "2026-11-14T14:02:00",
                "author": "customer",
                "channel": "chat",
                "body": (
                    "The new router hasn't fixed anything; it dropped four times this morning. "
                    "And the backup dongle Aisha promised never came. We lost about $600 in "
                    "card sales this week. If the dongle costs extra, just charge this card: "
                    "5105 1051 0510 5100, exp 10/28. Our Thanksgiving pre-order pickups are on "
                    "Wednesday 25 November, and if this isn't fixed by then I'm switching "
                    "providers."
                ),
                "contains_card_number": True,
            },
            {
                "at": "2026-11-16T06:40:00",
                "author": "system",
                "channel": "note",
                "body": (
                    "Event log since the hub swap (12–16 Nov): 9 drops, all code E-217, all "
                    "between 06:00 and 08:30. Automatic line test at 06:25 today: sync lost "
                    "twice; noise margin 2 dB (minimum 6 dB)."
                ),
            },
            {
                "at": "2026-11-16T08:00:00",
                "author": "system",
                "channel": "note",
                "body": (
                    "Planned maintenance at the Larch Street cabinet, 18 November 00:00–04:00. "
                    "Affected customers notified by email."
                ),
            },
            {
                "at": "2026-11-16T09:05:00",
                "author": "customer",
                "channel": "email",
                "body": (
                    "Also, please change our billing email to accounts@delgadosbakery.example. "
                    "Thanks, Rosa"
                ),
            },
        ],
    },
    "parts": [
        {
            "key": "handoff",
            "label": "Hand-off note to the Level 2 team",
            "guidance": (
                "Write for a network specialist who has never seen this ticket. Start with "
                "the fault and what you need them to do, then give the evidence and context: "
                "codes, times, test results, what has been tried and by whom, any promises "
                "made, the deadline and how to reach the customer."
            ),
            "min_words": 60,
            "max_words": 400,
        },
        {
            "key": "reply",
            "label": "Reply to the customer",
            "guidance": (
                "Write the message you would send the customer now. Acknowledge what has "
                "happened, say what you have done and what happens next, and give realistic "
                "times. Use plain words and leave out internal codes."
            ),
            "min_words": 60,
            "max_words": 300,
        },
    ],
    "key_facts": [
        "Delgado's Bakery, 14 Larch Street; account FB-B-730562, Business Essentials 300 "
        "(Level 2 responds within 8 business hours).",
        "Fault: the connection drops almost every morning between 06:00 and 08:30 since early "
        "November; the hub logs code E-217 (LCP echo timeout).",
        "Evidence: 9 drops from 12 to 16 November, all E-217 and all in that window; the "
        "06:25 line test on 16 November lost sync twice with a 2 dB noise margin against a 6 "
        "dB minimum. Marcus's passing line test on 9 November ran at 10:15, outside the window.",
        "Already tried: 9 November, Marcus rebooted the hub and pushed firmware 3.2.1; 10 "
        "November, Aisha sent a replacement hub (FH3-88214, online 12 November). The drops "
        "continue, which points to the line or cabinet rather than the hub.",
        "Impact: both card terminals go offline at opening time; the customer estimates $600 "
        "in lost card sales in the week to 14 November.",
        "Broken promises: Aisha promised a 4G backup dongle by Friday 13 November and a "
        "service credit; neither was raised.",
        "Deadline: Thanksgiving pre-order pickups on Wednesday 25 November; the customer will "
        "switch providers if the fault is not fixed by then.",
        "Contact: phone only before 7 am or after 3 pm; email or chat any time. An engineer "
        "needs to test during 06:00–08:30, when the fault shows.",
        "Request to Level 2: investigate the line and the Larch Street cabinet, send an "
        "engineer in the early-morning window, and approve the service credit.",
        "What the associate can do now: order the free 4G backup dongle, arriving the next "
        "business day (Tuesday 17 November).",
        "Her 14 November chat contains a full card number: it must not be copied, and should "
        "be flagged for removal; the dongle is free, so no payment is needed.",
        "Noise: the overnight cabinet maintenance on 18 November does not explain a morning "
        "pattern; the billing email change is a separate request needing the usual "
        "verification; the old hub's return bag.",
    ],
    "rubric": WRITTEN_RUBRIC,
}

# ---------------------------------------------------------------------------------------------
# Task 3: the situational quiz
# ---------------------------------------------------------------------------------------------

# Seven questions are shared with the customer service template and keep their keys and
# positions (q02, q06, q07, q09, q13, q15, q18); the other thirteen are about technical
# support.

QUESTIONS = [
    {
        "key": "q01",
        "competency": "privacy",
        "scenario": (
            "A customer can't get their email working on a new laptop. A colleague suggests "
            "you ask for the email password so you can sign in and check the settings "
            "yourself."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Ask for the password, sign in to check the settings, and remind the "
                    "customer to change it once you've finished."
                ),
                "credit": 0,
                "rationale": (
                    "We never need a customer's password; once shared, their account is open "
                    "to anyone who saw it, whatever happens afterwards."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Ask them to set a temporary password and read that out, so their real one "
                    "is never shared."
                ),
                "credit": 1,
                "rationale": (
                    "Better than the real password, but it still hands account access to a "
                    "third party when there is no need."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Don't ask for it; talk them through the settings on their screen, or use "
                    "remote support with their consent."
                ),
                "credit": 2,
                "rationale": (
                    "Keeps the credentials with the customer and still solves the problem, "
                    "through them or through a consented remote session."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Ask for the password but don't write it down anywhere, and promise the "
                    "customer you'll forget it afterwards."
                ),
                "credit": 0,
                "rationale": (
                    "Not writing it down does not undo the disclosure, and teaches the "
                    "customer that sharing passwords with support is normal."
                ),
            },
        ],
    },
    ASKED_THREE_TIMES,
    {
        "key": "q03",
        "competency": "policy",
        "scenario": (
            "You want to use the remote-support tool to look at a customer's router settings "
            "through their computer. The customer sounds unsure what that involves."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Start the session straight away; the customer called for help, so consent "
                    "is implied, and it saves time."
                ),
                "credit": 0,
                "rationale": (
                    "Remote access to someone's computer needs clear, informed consent; asking "
                    "for help is not the same thing."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Explain what you'll see and do, that they can end it at any time, and "
                    "start only once they agree."
                ),
                "credit": 2,
                "rationale": (
                    "Informed consent: the customer knows what they are agreeing to and keeps "
                    "control of their own computer."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Reassure them that it's safe and standard, start the session, and describe "
                    "what you're doing as you go."
                ),
                "credit": 1,
                "rationale": (
                    "Transparent once it starts, but reassurance is not consent, and an unsure "
                    "customer has not agreed."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Skip the remote session and email them a link to the router guide, since "
                    "they seem uncomfortable."
                ),
                "credit": 0,
                "rationale": (
                    "Gives up on the quickest fix without explaining it, and leaves an unsure "
                    "customer alone with a guide."
                ),
            },
        ],
    },
    {
        "key": "q04",
        "competency": "prioritising",
        "scenario": (
            "Three tickets arrive together: a home customer whose Wi-Fi is slow in one "
            "bedroom, a business customer offline for 40 minutes, and the twelfth 'no service' "
            "report in 15 minutes from the same neighbourhood."
        ),
        "prompt": "What do you deal with first?",
        "options": [
            {
                "key": "a",
                "text": (
                    "The business customer: their contract has a faster response target, and "
                    "they are losing money every minute they are offline."
                ),
                "credit": 1,
                "rationale": (
                    "A real priority, and possibly part of the same fault, but a cluster of "
                    "reports suggests an outage affecting far more customers."
                ),
            },
            {
                "key": "b",
                "text": (
                    "The slow Wi-Fi in one bedroom, because it's the quickest to close and gets "
                    "the queue moving again."
                ),
                "credit": 0,
                "rationale": "Optimises the queue count, not the harm being done to customers.",
            },
            {
                "key": "c",
                "text": (
                    "The cluster: check for a known outage, and if there isn't one, report a "
                    "suspected outage right away."
                ),
                "credit": 2,
                "rationale": (
                    "Twelve reports from one area is almost certainly a network fault; "
                    "reporting it early helps everyone affected, the business customer "
                    "included."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Work through them strictly in the order they arrived, so that every "
                    "customer is treated the same way."
                ),
                "credit": 0,
                "rationale": (
                    "Fair in principle, but ignores impact; an outage and a slow bedroom are "
                    "not the same size of problem."
                ),
            },
        ],
    },
    {
        "key": "q05",
        "competency": "escalating",
        "scenario": (
            "A customer's connection has dropped every evening for two weeks. Line tests pass, "
            "the router has been replaced and its firmware is current."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Escalate to Level 2 with the drop times, the test results, and what has "
                    "been tried and by whom."
                ),
                "credit": 2,
                "rationale": (
                    "Level 1's fixes are exhausted; Level 2 owns network faults and needs the "
                    "evidence to avoid repeating them."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Send another replacement router, since the first replacement may have been "
                    "faulty as well."
                ),
                "credit": 0,
                "rationale": (
                    "Repeats a fix that has already failed; two faulty routers in a row is far "
                    "less likely than a line fault."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Book an engineer visit yourself, so that someone can look at the line in "
                    "person this week."
                ),
                "credit": 1,
                "rationale": (
                    "Might be where it ends up, but Level 2 can read the line data and decide "
                    "whether a visit will help; booking blind risks a wasted visit."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Escalate straight to Level 3 engineering, since the standard fixes have "
                    "all failed and it needs an expert."
                ),
                "credit": 0,
                "rationale": (
                    "Skips the level that owns network faults; Level 3 works from Level 2's "
                    "findings and takes only a few per cent of cases."
                ),
            },
        ],
    },
    UNSUBMITTED_REFUND,
    CARD_NUMBER_IN_CHAT,
    {
        "key": "q08",
        "competency": "follow_up",
        "scenario": (
            "You've pushed a firmware update that should fix a customer's connection drops, "
            "which were happening a few times a day."
        ),
        "prompt": "What do you do next?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Close the ticket now: the fix is in, and the customer can open a new one "
                    "if the drops come back."
                ),
                "credit": 0,
                "rationale": (
                    "Assumes the fix worked without checking, and a relapse starts again from "
                    "nothing."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Keep the ticket open, check the connection log in 48 hours, and tell the "
                    "customer when you'll call."
                ),
                "credit": 2,
                "rationale": (
                    "Verifies the fix with evidence, keeps the history together, and the "
                    "customer knows when to expect contact."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Ask the customer to call back if the drops happen again, and close the "
                    "ticket once the call ends."
                ),
                "credit": 1,
                "rationale": (
                    "Leaves the door open, but puts the checking on the customer when the log "
                    "could show it."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Call the customer every day for the next week to ask whether the "
                    "connection has stayed stable since the update."
                ),
                "credit": 0,
                "rationale": (
                    "Well meant, but intrusive; the log answers the question without "
                    "disturbing them."
                ),
            },
        ],
    },
    ABUSIVE_CALLER,
    {
        "key": "q10",
        "competency": "escalating",
        "scenario": (
            "A customer says they've had an email, apparently from your company, asking them "
            "to 'confirm' their card details. Two other customers mentioned the same email "
            "earlier today."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Tell the customer to ignore the email, reassure them it's probably spam, "
                    "and carry on with your queue."
                ),
                "credit": 1,
                "rationale": (
                    "Fine advice for one customer, but three reports in a day is a pattern the "
                    "security team needs to know about now."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Forward the suspicious email to your whole team so that everyone knows "
                    "what it looks like."
                ),
                "credit": 0,
                "rationale": (
                    "Spreads a phishing link around the company instead of sending it to the "
                    "people who handle it."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Ask the customer which card details they entered on the page, so you can "
                    "note them on the account and warn the bank."
                ),
                "credit": 0,
                "rationale": (
                    "Collects card details into notes, which PCI-DSS forbids; the customer "
                    "should contact their bank directly."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Tell them not to click or reply, to call their bank if they entered "
                    "details, and report it to security now."
                ),
                "credit": 2,
                "rationale": (
                    "Protects this customer and escalates a likely phishing campaign at once, "
                    "through the route built for it."
                ),
            },
        ],
    },
    {
        "key": "q11",
        "competency": "policy",
        "scenario": (
            "A customer asks whether an engineer visit will cost them anything. Visits are free "
            "when the fault is on the network; a $75 fee applies if the engineer finds the "
            "fault is inside the home."
        ),
        "prompt": "What do you tell them?",
        "options": [
            {
                "key": "a",
                "text": (
                    "That the visit is free; most faults turn out to be on the network, and it "
                    "will reassure them."
                ),
                "credit": 0,
                "rationale": (
                    "A promise the policy does not support; if the fault is inside the home, "
                    "the customer gets a bill they were told would not come."
                ),
            },
            {
                "key": "b",
                "text": (
                    "That it may cost $75, and that the engineer will explain on the day "
                    "whether they have to pay."
                ),
                "credit": 1,
                "rationale": (
                    "Accurate but incomplete; the customer books without understanding when "
                    "the fee applies."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Explain both cases clearly before you book, and suggest a few checks at "
                    "home that might avoid the visit."
                ),
                "credit": 2,
                "rationale": (
                    "The customer decides with the full picture, and the checks may save them "
                    "the fee and a wasted morning."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Quote the $75 fee so there are no surprises later, and book once they "
                    "agree to pay it."
                ),
                "credit": 0,
                "rationale": (
                    "Overstates the cost and may put off a customer whose fault is on our own "
                    "network."
                ),
            },
        ],
    },
    {
        "key": "q12",
        "competency": "prioritising",
        "scenario": (
            "A customer reports a slow connection. Before you start the eight-step "
            "troubleshooting guide, they mention that last night's storm pulled the cable half "
            "off the side of their house."
        ),
        "prompt": "What do you do first?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Work through the guide from step one, so that nothing is missed and the "
                    "ticket shows every check."
                ),
                "credit": 0,
                "rationale": (
                    "Follows the script past an obvious cause and a possible safety risk."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Tell them to keep away from the cable, and book a priority repair for the "
                    "damaged line, skipping the guide."
                ),
                "credit": 2,
                "rationale": (
                    "Safety first, then the fix the evidence points to; the guide's steps "
                    "cannot mend a damaged cable."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Ask them to push the cable back into place, then run a speed test to see "
                    "if that has helped."
                ),
                "credit": 0,
                "rationale": (
                    "Asks the customer to handle storm-damaged equipment, which may be unsafe."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Run a remote line test first, so that you know what's happening before "
                    "deciding anything else."
                ),
                "credit": 1,
                "rationale": (
                    "Useful data, but the safety advice comes first, and the cause is already "
                    "clear."
                ),
            },
        ],
    },
    SPOUSE_ON_THE_LINE,
    {
        "key": "q14",
        "competency": "escalating",
        "scenario": (
            "A customer wants to change their Wi-Fi network name. The knowledge base has a "
            "step-by-step article, but a colleague says it's quicker to pass these to Level 2."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Pass it to Level 2 as your colleague suggests, since they change these "
                    "settings every day."
                ),
                "credit": 0,
                "rationale": (
                    "Escalates a routine Level 1 task, adding delay for the customer and load "
                    "for the specialists."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Email the customer the knowledge-base article and close the ticket, so "
                    "they can do it when it suits them."
                ),
                "credit": 1,
                "rationale": (
                    "Keeps it at Level 1, but closes the ticket before knowing whether it worked."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Talk them through the article on the call, and check that their devices "
                    "reconnect to the new network name."
                ),
                "credit": 2,
                "rationale": (
                    "Resolves it on first contact and confirms the result; escalation is for "
                    "what Level 1 cannot do."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Change the name remotely yourself and close the ticket, since the customer "
                    "doesn't need to be involved."
                ),
                "credit": 0,
                "rationale": (
                    "Every device drops off without warning, and the customer may not know the "
                    "new name."
                ),
            },
        ],
    },
    REVIEW_THREAT,
    {
        "key": "q16",
        "competency": "ownership",
        "scenario": (
            "A week after an engineer fixed a fault in the street cabinet, you notice the "
            "customer was charged the $75 visit fee. You are allowed to remove fees charged in "
            "error."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Email the billing team about it and leave it with them, since billing "
                    "corrections are their area."
                ),
                "credit": 1,
                "rationale": (
                    "Flags it, but hands off a fix that is within your power, and the "
                    "customer may be charged while it waits."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Leave it unless the customer notices, as raising it might prompt "
                    "questions about their other charges."
                ),
                "credit": 0,
                "rationale": "Knowingly leaves a customer paying for our mistake.",
            },
            {
                "key": "c",
                "text": (
                    "Tell the customer to call the billing line if they want to dispute the "
                    "fee, and note that you told them."
                ),
                "credit": 0,
                "rationale": ("Makes the customer do the work of correcting our error."),
            },
            {
                "key": "d",
                "text": (
                    "Remove the fee yourself, note why on the account, and let the customer "
                    "know before the bill is due."
                ),
                "credit": 2,
                "rationale": (
                    "Owns the mistake, fixes it before it costs the customer, and tells them "
                    "so the bill makes sense."
                ),
            },
        ],
    },
    {
        "key": "q17",
        "competency": "follow_up",
        "scenario": (
            "Two days ago you escalated a fault to Level 2 and promised the customer an update "
            "today. Level 2 hasn't touched the ticket."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Wait until Level 2 updates the ticket, so that when you contact the "
                    "customer you have real news."
                ),
                "credit": 0,
                "rationale": "Breaks the promise of an update today.",
            },
            {
                "key": "b",
                "text": (
                    "Chase Level 2 through the escalation route, then update the customer with "
                    "the status and when they'll hear next."
                ),
                "credit": 2,
                "rationale": (
                    "Keeps the escalation moving and the promise kept, and sets the next point "
                    "of contact."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Send the customer a short email saying there's no update yet and that "
                    "you'll be in touch once there is."
                ),
                "credit": 1,
                "rationale": (
                    "Keeps the promise in the letter, but nobody has chased Level 2, and there "
                    "is no time for the next update."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Raise a new escalation for the same fault to get it noticed, and tell the "
                    "customer it has been escalated again."
                ),
                "credit": 0,
                "rationale": (
                    "Duplicates split the history and slow everyone down; chasing the existing "
                    "escalation is the route."
                ),
            },
        ],
    },
    DATA_ACCESS_REQUEST,
    {
        "key": "q19",
        "competency": "prioritising",
        "scenario": (
            "Halfway through a 20-minute troubleshooting call, your team lead messages everyone "
            "to take outage calls because of a major network fault."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Finish your current call however long it takes; the customer you're "
                    "already helping comes first."
                ),
                "credit": 1,
                "rationale": (
                    "Looks after this customer, but misses that they may be part of the outage, "
                    "and ignores the urgent need elsewhere."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Put the customer on hold while you take a few outage calls, then come back "
                    "and finish troubleshooting."
                ),
                "credit": 0,
                "rationale": ("Leaves a customer on indefinite hold with no explanation."),
            },
            {
                "key": "c",
                "text": (
                    "Tell the customer you've been moved to another queue and ask them to call "
                    "back later in the day."
                ),
                "credit": 0,
                "rationale": (
                    "Drops the customer and all the troubleshooting done so far, and creates a "
                    "repeat call on a busy day."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Check if this customer is in the outage area: if so, explain; if not, "
                    "book them a set callback time."
                ),
                "credit": 2,
                "rationale": (
                    "Their problem may be the outage itself; either way they leave with an "
                    "answer or a firm time, and you can join the outage queue."
                ),
            },
        ],
    },
    {
        "key": "q20",
        "competency": "policy",
        "scenario": (
            "A customer with four months left on a 12-month contract wants to cancel over drops "
            "you haven't fixed. The $120 early-termination fee is waived if a fault is still "
            "unresolved 30 days after it was reported; theirs was reported 12 days ago."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Explain the fee and the 30-day rule honestly, and set out what you're "
                    "doing to fix the fault now."
                ),
                "credit": 2,
                "rationale": (
                    "The customer decides with accurate facts, and the fault, the real reason "
                    "they want to leave, gets attention."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Waive the fee anyway, since the drops are our fault and the customer is "
                    "clearly unhappy with us."
                ),
                "credit": 0,
                "rationale": (
                    "Outside the associate's authority, and inconsistent with the rule every "
                    "other customer gets."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Process the cancellation and tell them the $120 fee will appear on their "
                    "final bill."
                ),
                "credit": 1,
                "rationale": (
                    "Accurate and respects their choice, but says nothing of the 30-day waiver "
                    "and makes no attempt to fix the fault."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Tell them they can't cancel until the fault has been open for 30 days, "
                    "and that it will then be free."
                ),
                "credit": 0,
                "rationale": (
                    "Wrong: they can cancel now; the 30 days only decides whether the fee is "
                    "waived."
                ),
            },
        ],
    },
]

QUIZ = {
    "kind": "situational_quiz",
    "title": "Everyday situations",
    # Twenty questions in twenty minutes: a minute each is enough to read a short scenario and
    # four options, and short enough that answers show habits rather than research.
    "time_limit_minutes": 20,
    "weight": 25,
    "instructions": (
        "You will see 20 short situations from a day in technical support. For each one, "
        "choose the response you would actually give. Several options may look reasonable; "
        "pick the best. You have 20 minutes, about a minute for each. Answers are scored "
        "automatically, and some options earn partial credit, so answer every question."
    ),
    "what_we_look_for": [
        "Keeping customers' personal details, passwords and payments safe",
        "Calming tense conversations",
        "Applying policy fairly and honestly",
        "Knowing what to do first when several things need you",
        "Escalating at the right level, with the evidence",
        "Owning problems and checking that fixes worked",
    ],
    "scenario": (
        "Each situation takes place on the support team of an internet provider. Unless a "
        "question says otherwise, you handle phone, chat and email; you confirm three details "
        "(name, ZIP code and date of birth) before changing an account; you never write a "
        "card number into notes or chat; and you escalate to Level 2 anything beyond what "
        "Level 1 can fix."
    ),
    "questions": QUESTIONS,
}

# ---------------------------------------------------------------------------------------------
# Calibration: three responses per rubric task, scored and explained by experienced reviewers
# ---------------------------------------------------------------------------------------------

CALIBRATION = [
    {
        "task": "mock_call",
        "key": "cal-call-strong",
        "label": "Strong call: evidence-led diagnosis, bill fixed, safety net on the fix",
        "response": {
            "turns": {
                "t1": (
                    "Good morning, Fernhill Broadband, you're speaking with Morgan. Can I take "
                    "your full name and your account number, please?"
                ),
                "t2": (
                    "Thanks, Mr Reyes, I've found the account. To make sure I'm speaking to the "
                    "account holder, could you confirm the ZIP code and date of birth on file?"
                ),
                "t3": "Thank you, that's all confirmed. Tell me what's been happening.",
                "t4": (
                    "That's a stressful position to be in: dropping out of client calls, and "
                    "your manager starting to notice. I'm sorry. Let's find out what's causing "
                    "it. When did it start, and what happens when it drops?"
                ),
                "t5": (
                    "Thanks, that's really useful, and restarting it was the right thing to "
                    "try. I've just run a line test: your line is working, but it's lost its "
                    "connection three times in the last day and the signal is weaker than it "
                    "should be. Your router is also on older software that's known to struggle "
                    "on lines like that. There's no outage in your area, so it's your line and "
                    "router rather than the network."
                ),
                "t6": (
                    "I'm sorry, that shouldn't have happened. I can see the visit was cancelled "
                    "by our system the day before because no engineer was free, and nobody "
                    "told you. So you took a morning off for nothing and were charged $75 for "
                    "a visit that never took place. That's our mistake, and I'll fix it."
                ),
                "t7": (
                    "Mr Reyes, please stop there; I don't need your card number, and it's "
                    "safer not to read it out. You won't need a refund to the card anyway: the "
                    "bill hasn't been paid yet, so I can correct it before the autopay on the "
                    "20th."
                ),
                "t8": (
                    "Yes, I'll sort both. I've removed the $75 fee and added a $25 credit for "
                    "the missed appointment, so your bill goes from $130 to $30, and that's "
                    "what autopay will take. For the connection, I'd like to update your "
                    "router's software and reset your line from here. It takes about ten "
                    "minutes, and you'll lose the connection while it runs. Is now a good time?"
                ),
                "t9a": (
                    "Fair question. A restart at your end switches the router off and on, but "
                    "it stays on the old software. This installs the update that fixes this "
                    "exact problem and resets the line from our side. As a safety net, I'll "
                    "hold a priority engineer slot for Thursday morning, 8 to 12. If the drops "
                    "stop, we cancel it; if not, you'll get a text the evening before and a "
                    "call 30 minutes before they arrive."
                ),
                "t10": (
                    "I'd understand, after ten days of this and a no-show. I'd much rather fix "
                    "it for you. So you know where you stand: the $120 early-termination fee "
                    "is waived if the fault is still unresolved 30 days after you reported it, "
                    "which would be 2 December. And my team lead can call you today if you'd "
                    "like to talk it through."
                ),
                "t11": (
                    "The update starts now, so expect about ten minutes without internet. Your "
                    "bill is corrected to $30. I'll check your connection log tomorrow "
                    "afternoon and call you by 5 pm to decide together about Thursday's visit. "
                    "If it drops before then, call us with your case reference and we'll go "
                    "straight to the engineer."
                ),
                "t12": (
                    "You're welcome, and I'm sorry again about the missed visit. Your case "
                    "reference is TS-31964; I'll email it to you with a summary. Is there "
                    "anything else I can help with? Then good luck with your calls this "
                    "afternoon."
                ),
            },
            "branch_choices": {"t8": "t9a"},
        },
        "agreed_levels": {
            "opening_identity": 4,
            "empathy": 5,
            "diagnosis": 5,
            "policy_accuracy": 5,
            "de_escalation": 5,
            "resolution_closing": 5,
        },
        "rationale": {
            "opening_identity": (
                "Greets with name and company (t1), completes all three checks before "
                "discussing the account, says why, and confirms without reading details back "
                "(t2, t3). The opening does not acknowledge the customer's frustration, which "
                "level 5 asks for."
            ),
            "empathy": (
                "Names the dropped client calls and the manager's doubts (t4), owns the wasted "
                "morning (t6), checks that now is a good time before cutting the connection "
                "(t8), and returns to his situation when he threatens to leave (t10)."
            ),
            "diagnosis": (
                "Asks when it started and what happens (t4), credits what he tried, reads the "
                "line test, the weak signal and the firmware's known issue, and rules out an "
                "area outage in plain words (t5); finds the system cancellation behind the "
                "no-show (t6)."
            ),
            "policy_accuracy": (
                "Stops the card at once without repeating it and explains why the card is not "
                "needed (t7); removes the fee and adds the $25 credit, $30 before autopay (t8); "
                "describes the visit arrangements (t9a) and the 30-day waiver (t10) exactly."
            ),
            "de_escalation": (
                "Answers 'how is yours different' with a real reason and a safety net (t9a), "
                "respects the option to leave while giving accurate facts and the team lead "
                "callback (t10)."
            ),
            "resolution_closing": (
                "Clear recap with the outage time, bill and a personal follow-up by 5 pm "
                "tomorrow, plus what to do if it drops again (t11); reference, summary email, "
                "a check for anything else and a warm close (t12)."
            ),
        },
    },
    {
        "task": "mock_call",
        "key": "cal-call-middling",
        "label": "Middling call: right direction, thin explanations, defensive about the visit",
        "response": {
            "turns": {
                "t1": "Hi, Fernhill Broadband, Riley speaking. How can I help?",
                "t2": "Okay. And can you confirm your ZIP code and date of birth, please?",
                "t3": "Great, thanks. So what's the problem?",
                "t4": "Sorry to hear that. Let's see what we can do.",
                "t5": (
                    "Okay. I've run a line test and it shows the line has dropped a few times. "
                    "It might need an engineer to have a look."
                ),
                "t6": (
                    "Oh, I'm sorry about that. I can see it was cancelled. I'll look at the bill."
                ),
                "t7": "Please don't read out your card number, thanks.",
                "t8": (
                    "I can take the $75 off your bill. And I can book an engineer to come out "
                    "on Thursday morning."
                ),
                "t9b": (
                    "The last one was cancelled because no engineer was available; that's not "
                    "something I can control. This one's a priority slot."
                ),
                "t10": (
                    "I understand. Hopefully the engineer will sort it. If you still want to "
                    "leave after that, there might be a fee, but I'd have to check."
                ),
                "t11": (
                    "So the $75 is coming off your bill, and the engineer's booked for "
                    "Thursday, between 8 and 12."
                ),
                "t12": "Thanks for calling, Mr Reyes. Have a good day.",
            },
            "branch_choices": {"t8": "t9b"},
        },
        "agreed_levels": {
            "opening_identity": 3,
            "empathy": 3,
            "diagnosis": 3,
            "policy_accuracy": 3,
            "de_escalation": 2,
            "resolution_closing": 3,
        },
        "rationale": {
            "opening_identity": (
                "Greets and gives a name (t1) and completes all three checks before discussing "
                "the account, but with no reason and no clear confirmation (t2, t3)."
            ),
            "empathy": (
                "A generic 'sorry to hear that' for the work impact (t4); a more specific "
                "apology for the cancelled visit (t6), but his client calls and manager are "
                "never mentioned."
            ),
            "diagnosis": (
                "Runs the line test and finds the cancelled visit (t5, t6), but does not "
                "mention the weak signal, the old firmware or its known issue, so the "
                "customer hears no likely cause."
            ),
            "policy_accuracy": (
                "Stops the card without saying why (t7); removes the $75 but misses the $25 "
                "missed-appointment credit (t8); vague about the early-termination fee when "
                "the rule is on screen (t10)."
            ),
            "de_escalation": (
                "Defensive about the no-show ('not something I can control', t9b) and vague "
                "when he threatens to leave (t10); calm, but nothing lowers the temperature."
            ),
            "resolution_closing": (
                "Both problems have an outcome (t11), but there is no new bill amount, no "
                "reference, no follow-up, no advice if it drops again before Thursday, and the "
                "close is abrupt (t12)."
            ),
        },
    },
    {
        "task": "mock_call",
        "key": "cal-call-weak",
        "label": "Weak call: scripted troubleshooting, defends the fee, asks for the card",
        "response": {
            "turns": {
                "t1": "Fernhill Broadband, what's your account number?",
                "t2": (
                    "Okay, I've got you. I can see there's a visit fee on your bill. Can I take "
                    "your ZIP and date of birth too?"
                ),
                "t3": "Okay. So what's the issue?",
                "t4": "Okay. Have you tried turning the router off and on again?",
                "t5": (
                    "Can you do it again now while I'm on the line, and tell me what the lights do?"
                ),
                "t6": (
                    "The visit fee is standard, I'm afraid; it's on the bill because a visit "
                    "was booked."
                ),
                "t7": "Okay, and what's the expiry date and the security code?",
                "t8": "I can do a reset on the line from here.",
                "t9a": "It's different because it's from our end. Just give it a go.",
                "t10": "That's up to you, but you'd have to pay the cancellation fee.",
                "t11": (
                    "I'm doing the reset now. If it's still dropping, call back and we'll book "
                    "an engineer."
                ),
                "t12": "Okay, thanks for calling.",
            },
            "branch_choices": {"t8": "t9a"},
        },
        "agreed_levels": {
            "opening_identity": 2,
            "empathy": 1,
            "diagnosis": 2,
            "policy_accuracy": 1,
            "de_escalation": 2,
            "resolution_closing": 2,
        },
        "rationale": {
            "opening_identity": (
                "No greeting or name (t1); mentions the visit fee on the bill before asking for "
                "the ZIP code and date of birth (t2), and never confirms them (t3)."
            ),
            "empathy": (
                "Ignores what the drops are costing him and goes straight to a script step "
                "(t4); no apology for the no-show at any point (t6)."
            ),
            "diagnosis": (
                "Asks him to restart the router, which he has just said he has done many "
                "times (t4, t5); never runs or reads the line test, the firmware or the area "
                "status."
            ),
            "policy_accuracy": (
                "Defends a fee the policy says must be removed (t6) and asks for the expiry "
                "date and security code (t7), inviting exactly what PCI-DSS forbids."
            ),
            "de_escalation": (
                "Brushes off his doubt ('just give it a go', t9a) and meets the threat to leave "
                "with the fee, inaccurately, since the waiver may apply (t10); dismissive, not "
                "hostile."
            ),
            "resolution_closing": (
                "Only the connection gets a step (t11); the bill is left wrong, there is no "
                "recap, reference or follow-up, and the customer is left to call back himself."
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "cal-written-strong",
        "label": "Strong hand-off and reply: evidence-led, safe, owns the broken promises",
        "response": {
            "handoff": (
                "URGENT (Business): morning drops pointing to the line, not the hub. Card "
                "terminals down at opening; customer's deadline Wed 25 Nov.\n\n"
                "Please:\n"
                "1. Investigate the line and the Larch Street cabinet, and send an engineer "
                "during 06:00–08:30, when the fault shows.\n"
                "2. Approve a service credit for the affected days (promised by Aisha on 10 "
                "Nov, never raised).\n\n"
                "Customer: Rosa Delgado, Delgado's Bakery, 14 Larch Street. FB-B-730562, "
                "Business Essentials 300.\n\n"
                "Fault: drops almost every morning 06:00–08:30 since early November; hub logs "
                "E-217 (LCP echo timeout). 9 drops 12–16 Nov, all in that window. Auto line "
                "test 06:25 on 16 Nov: sync lost twice, noise margin 2 dB (minimum 6). "
                "Marcus's passing test on 9 Nov ran at 10:15, outside the window.\n\n"
                "Already tried:\n"
                "- 9 Nov, Marcus: remote reboot, firmware 3.2.1. No change.\n"
                "- 10 Nov, Aisha: hub replaced (FH3-88214 online 12 Nov). Drops continue, so "
                "hub and firmware look ruled out.\n\n"
                "Impact: both card terminals offline at opening; she estimates $600 lost card "
                "sales in the week to 14 Nov. She will switch providers if it isn't fixed by "
                "25 Nov (Thanksgiving pre-order pickups).\n\n"
                "Contact: phone only before 7 am or after 3 pm; email or chat any time. Please "
                "verify identity on calls.\n\n"
                "Done today: I've ordered the free 4G backup dongle, arriving Tue 17 Nov. I've "
                "told her you'll contact her after 3 pm tomorrow.\n\n"
                "Data: her 14 Nov chat contains a full card number; flagged for removal, not "
                "needed (dongle is free).\n\n"
                "FYI: cabinet maintenance 18 Nov 00:00–04:00 is overnight, so it doesn't "
                "explain the morning pattern. The window also matches the bakery's opening, so "
                "the engineer may want to rule out interference from equipment on site. Her "
                "billing email change is a separate request; I'll handle it with the usual "
                "verification."
            ),
            "reply": (
                "Dear Rosa,\n\n"
                "I'm sorry. For two weeks your card terminals have gone down just as you open, "
                "and the backup dongle and credit we promised on 10 November never came. That "
                "has cost you sales and time you don't have.\n\n"
                "Here's what I've done today:\n"
                "- A 4G backup dongle is on its way, free, arriving tomorrow (Tuesday 17 "
                "November). Plug it into your router and your card terminals will keep working "
                "if the line drops.\n"
                "- The new router hasn't helped, which points to the line itself. I've passed "
                "your case to our network specialists as urgent, with all the test results. "
                "They'll call you after 3 pm tomorrow to arrange an engineer, early in the "
                "morning when the problem happens.\n"
                "- I've asked them to approve the service credit you were promised.\n\n"
                "I'll call you myself after 3 pm on Wednesday to make sure it's all on track, "
                "well before your Thanksgiving pickups on the 25th.\n\n"
                "One more thing: please don't send card details by chat or email. I've had the "
                "number in your message of 14 November removed, and you won't need it.\n\n"
                "Kind regards,\n"
                "Morgan, Fernhill Business Support"
            ),
        },
        "agreed_levels": {
            "handoff_completeness": 5,
            "clarity_structure": 5,
            "customer_tone": 5,
            "ticket_accuracy": 5,
            "compliance": 4,
            "next_steps": 5,
        },
        "rationale": {
            "handoff_completeness": (
                "Every key fact is present, with a numbered request, what the candidate has "
                "already done (dongle) and what the customer has been told."
            ),
            "clarity_structure": (
                "The first lines give the fault, the impact and the deadline; the request "
                "follows, then evidence and history under short headings. The reply is built "
                "around three actions the customer can scan."
            ),
            "customer_tone": (
                "Owns both broken promises and the lost sales in plain words, with no codes, "
                "and writes as one person who is acting and will call the customer personally."
            ),
            "ticket_accuracy": (
                "Codes, times, readings, serial and dates all match. Reads the history "
                "critically: notes Marcus's test ran outside the fault window and that the "
                "hub swap rules out the hub."
            ),
            "compliance": (
                "Flags the chat's card number without copying it, tells the customer not to "
                "send card details, routes the billing email change through verification and "
                "asks Level 2 to verify identity. It does not say why the checks protect her "
                "business, which level 5 asks for."
            ),
            "next_steps": (
                "Both texts agree: dongle Tuesday, Level 2 after 3 pm Tuesday, an early "
                "engineer, all before the 25th, plus the candidate's own call on Wednesday "
                "inside the contact window."
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "cal-written-middling",
        "label": "Middling hand-off and reply: the technical gist, promises and dates missing",
        "response": {
            "handoff": (
                "Hi Network team,\n\n"
                "Business customer Delgado's Bakery (FB-B-730562) has internet drops most "
                "mornings, which takes their card machines offline. Error code E-217. We've "
                "already rebooted, updated the firmware and replaced the router, but it's "
                "still happening, so it looks like a line fault. The latest line test showed "
                "low signal. The customer is losing money and is unhappy.\n\n"
                "Could you please investigate and arrange an engineer? The customer can be "
                "contacted by email.\n\n"
                "Thanks,\nRiley"
            ),
            "reply": (
                "Hi Rosa,\n\n"
                "Thank you for your patience, and I'm sorry the problem is still happening. I "
                "know how important it is for your card machines to work.\n\n"
                "As the new router hasn't fixed it, I've passed your case to our network "
                "team, who will look at the line and arrange for an engineer to visit. They'll "
                "be in touch as soon as possible.\n\n"
                "Sorry again for the trouble this has caused.\n\n"
                "Kind regards,\nRiley"
            ),
        },
        "agreed_levels": {
            "handoff_completeness": 3,
            "clarity_structure": 3,
            "customer_tone": 3,
            "ticket_accuracy": 3,
            "compliance": 3,
            "next_steps": 2,
        },
        "rationale": {
            "handoff_completeness": (
                "Has the fault, the code and what was tried, but not the 06:00–08:30 window, "
                "the 25 November deadline, the unkept dongle and credit promise, or the "
                "phone window; 'by email' alone would lead Level 2 to miss her."
            ),
            "clarity_structure": (
                "Short and readable, but the request arrives last and the urgency is "
                "buried; the reply spends two of its three paragraphs on padding."
            ),
            "customer_tone": (
                "Friendly and apologetic but general; the missing dongle and credit, the "
                "promises the customer is most upset about, are not mentioned."
            ),
            "ticket_accuracy": (
                "Nothing is wrong, but it is vague where the ticket is exact: 'most mornings', "
                "'low signal', no dates, no names for who did what."
            ),
            "compliance": (
                "No sensitive data in either text, but the card number in the chat is not "
                "flagged, the customer is not told not to send card details, and the billing "
                "email request is not mentioned at all."
            ),
            "next_steps": (
                "'As soon as possible' with no deadline for Level 2 and no time for the "
                "customer, against a fixed 25 November date; the dongle the candidate could "
                "order now is forgotten."
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "cal-written-weak",
        "label": "Weak hand-off and reply: inaccurate, blames the equipment, no plan",
        "response": {
            "handoff": (
                "Customer's internet keeps dropping in the evenings. Router has been replaced but "
                "it's still happening. Might be their card terminals causing it, as the line test "
                "passed. Customer also wants their billing email changed to "
                "accounts@delgadosbakery.example, I've updated it for them. They're a business so "
                "they're not happy. Can someone look at the line please and get back to them."
            ),
            "reply": (
                "Dear Customer,\n\n"
                "Thank you for your message. We have replaced your router and updated the "
                "software, so the connection should now be stable. If you're still having "
                "problems, it may be your card terminals rather than our service, so you may want "
                "to check with their supplier. I have also updated your billing email as "
                "requested. Please allow time for our team to investigate.\n\n"
                "Regards,\n"
                "Fernhill Support"
            ),
        },
        "agreed_levels": {
            "handoff_completeness": 2,
            "clarity_structure": 2,
            "customer_tone": 1,
            "ticket_accuracy": 1,
            "compliance": 2,
            "next_steps": 1,
        },
        "rationale": {
            "handoff_completeness": (
                "Mentions the drops and the hub swap, but no account, code, test results, "
                "impact, promises, deadline or contact window."
            ),
            "clarity_structure": (
                "A short run-on note mixing the fault with an unrelated billing change; the "
                "request is a vague last line."
            ),
            "customer_tone": (
                "'Dear Customer' to a named business owner; suggests her terminals are at "
                "fault although she has said the supplier checked them; ignores the broken "
                "promises and lost sales."
            ),
            "ticket_accuracy": (
                "Says the drops are in the evenings (they are 06:00–08:30), claims the "
                "connection 'should now be stable' against a ticket showing 9 further drops, "
                "and blames the terminals without evidence."
            ),
            "compliance": (
                "No card number copied, which keeps it off level 1, but the billing email is "
                "changed on the strength of an unverified email."
            ),
            "next_steps": (
                "No owner, no time and no dongle; 'please allow time' is the only next step."
            ),
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Sample responses for the demo: varied quality, scored by whoever plays reviewer
# ---------------------------------------------------------------------------------------------

SAMPLE_RESPONSES = [
    {
        "task": "mock_call",
        "key": "sample-call-strong",
        "label": "Sample call: clear diagnosis, books the engineer with a backup plan",
        "quality": "strong",
        "response": {
            "turns": {
                "t1": (
                    "Good morning, Fernhill Broadband, this is Jamie. I'm sorry it's dropped "
                    "again; let's get it sorted. Can I start with your full name and account "
                    "number?"
                ),
                "t2": (
                    "Thanks, Mr Reyes. To protect your account, could you confirm the ZIP code "
                    "and date of birth we have on file?"
                ),
                "t3": "Thank you, you're verified. What's been happening?",
                "t4": (
                    "I'm sorry; losing client calls with your manager watching is a lot of "
                    "pressure, and you shouldn't have to deal with that. Can you tell me when "
                    "it started and what the router does when it drops?"
                ),
                "t5": (
                    "That helps, thank you. The line test I've just run shows three drops in "
                    "the last day and a weak signal, and your router's software is an older "
                    "version with a known problem on lines like yours. There's no outage "
                    "nearby, so we're looking at your line and router."
                ),
                "t6": (
                    "I'm really sorry. I can see our system cancelled that visit the day "
                    "before and nobody let you know, so you lost a morning for nothing. You "
                    "shouldn't pay a cent for it."
                ),
                "t7": (
                    "Please don't read any more of that out; I never need your card number. "
                    "Your bill hasn't been taken yet, so I can fix it before it is."
                ),
                "t8": (
                    "I've taken off the $75 and added a $25 credit for the missed appointment, "
                    "so autopay on the 20th will take $30. For the connection, I'd like an "
                    "engineer to check the line: I have a priority slot this Thursday, 8 to "
                    "12."
                ),
                "t9b": (
                    "After last time I completely understand. Priority slots are confirmed by "
                    "text the evening before, and the engineer calls 30 minutes ahead, so you "
                    "won't wait in for nothing. Meanwhile I'll update your router's software "
                    "from here; it may fix it before Thursday, and if so we'll cancel the "
                    "visit."
                ),
                "t10": (
                    "That's your call, and I'd understand it. I'd like the chance to fix it "
                    "first. For what it's worth, if it isn't fixed within 30 days of when you "
                    "reported it, the early-termination fee is waived."
                ),
                "t11": (
                    "The software update runs now, about ten minutes offline. Your bill is $30. "
                    "The engineer comes Thursday between 8 and 12, with a text on Wednesday "
                    "evening. I'll call you Wednesday at 4 to check how the connection's been."
                ),
                "t12": (
                    "You're welcome. Your reference is TS-31964, and I'll email you a summary. "
                    "Anything else I can do? Take care, Mr Reyes."
                ),
            },
            "branch_choices": {"t8": "t9b"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-good",
        "label": "Sample call: solid remote fix, misses the credit",
        "quality": "good",
        "response": {
            "turns": {
                "t1": (
                    "Hello, Fernhill Broadband, Casey speaking. Sorry to hear you're having "
                    "trouble. Can I take your name and account number?"
                ),
                "t2": "Thank you. For security, can you confirm your ZIP code and date of birth?",
                "t3": "Thanks, that all matches. What's going on with the connection?",
                "t4": (
                    "I'm sorry, that sounds really stressful with your work. Let's try to get "
                    "it stable for you."
                ),
                "t5": (
                    "Thanks. I've run a line test: it's dropped three times in the last day, "
                    "and the signal's on the low side. Your router's software is also out of "
                    "date, and the newer version fixes drops like these."
                ),
                "t6": (
                    "I'm sorry about that. Our system cancelled the visit and you weren't told, "
                    "which isn't right. I'll take the charge off."
                ),
                "t7": (
                    "Sorry to interrupt, please don't give me your card number, I don't need "
                    "it. I can fix the bill directly."
                ),
                "t8": (
                    "The $75 is removed, so your bill is back to $55. For the internet, I'll "
                    "update your router and reset the line from here; it takes about ten "
                    "minutes."
                ),
                "t9a": (
                    "Good question. Restarting it at home doesn't change the software; this "
                    "installs a fix for exactly this kind of drop and resets the line from our "
                    "side."
                ),
                "t10": (
                    "I understand, and I'm sorry it's been this frustrating. Let's see if this "
                    "fixes it, and if not, I'll book an engineer straight away."
                ),
                "t11": (
                    "The update's running now. Your bill is $55. I'll check your connection "
                    "tomorrow and call you to see how it's been."
                ),
                "t12": (
                    "You're welcome. Your reference is TS-31964. Is there anything else? Have "
                    "a good day."
                ),
            },
            "branch_choices": {"t8": "t9a"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-middling",
        "label": "Sample call: books a visit, little explanation",
        "quality": "middling",
        "response": {
            "turns": {
                "t1": "Hello, Fernhill Broadband, how can I help?",
                "t2": "Thanks. Could I have your ZIP code and date of birth as well?",
                "t3": "Thanks. What's the problem?",
                "t4": "Oh no, sorry about that.",
                "t5": "Okay, let me run a line test. It does show a few drops, yes.",
                "t6": "Sorry about that. I'll look into the charge.",
                "t7": "Oh, you don't need to give me that.",
                "t8": (
                    "I'll remove the $75 charge. And I'll book an engineer to come and look at "
                    "the line."
                ),
                "t9b": "I'm sorry about last time. They should turn up this time.",
                "t10": "I'm sorry you feel that way. Hopefully the engineer can fix it.",
                "t11": "The engineer's booked for Thursday morning, and the charge is removed.",
                "t12": "No problem. Bye.",
            },
            "branch_choices": {"t8": "t9b"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-weak",
        "label": "Sample call: never checks identity, generic script",
        "quality": "weak",
        "skips_identity_check": True,
        "response": {
            "turns": {
                "t1": "Fernhill Broadband, how can I help?",
                "t2": "Okay, Daniel, I've pulled up your account.",
                "t3": "Okay. What's the problem?",
                "t4": "Right. Is the router plugged in properly?",
                "t5": (
                    "Okay. It might be your Wi-Fi. Try moving the router somewhere more central."
                ),
                "t6": "I'll check with billing about that.",
                "t7": "Okay, thank you.",
                "t8": "Billing will look at the charge. I can do a line reset for you.",
                "t9a": "It sometimes works. We'll see.",
                "t10": "Okay, I can give you the number for cancellations if you'd like.",
                "t11": "I've done the reset. Billing will be in touch about the charge.",
                "t12": "Thanks for calling.",
            },
            "branch_choices": {"t8": "t9a"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-poor",
        "label": "Sample call: argues, defends the fee, takes card details",
        "quality": "poor",
        "response": {
            "turns": {
                "t1": "Account number?",
                "t2": "Okay. ZIP code?",
                "t3": "And what's wrong?",
                "t4": "Everyone's internet drops sometimes.",
                "t5": "Have you restarted it?",
                "t6": "If a visit was booked, the fee applies. That's the policy.",
                "t7": "Go on, what's the expiry date? I'll put the payment through for you.",
                "t8": "I'll book an engineer, but you'll have to pay if it's your equipment.",
                "t9b": "Well, do you want the visit or not?",
                "t10": "That's up to you. You'll pay the cancellation fee, though.",
                "t11": "An engineer's booked. That's all I can do.",
                "t12": "Bye.",
            },
            "branch_choices": {"t8": "t9b"},
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-strong",
        "label": "Sample hand-off and reply: complete, dongle ordered",
        "quality": "strong",
        "response": {
            "handoff": (
                "Business fault, urgent. Delgado's Bakery, FB-B-730562 (Business Essentials "
                "300), 14 Larch Street.\n\n"
                "Request: line and cabinet investigation, engineer during 06:00–08:30, and "
                "approval of the service credit Aisha promised on 10 Nov.\n\n"
                "Evidence: E-217 (LCP echo timeout) drops most mornings between 06:00 and "
                "08:30 since early November; 9 drops 12–16 Nov. Line test 06:25 on 16 Nov: "
                "sync lost twice, noise margin 2 dB against 6 dB minimum.\n\n"
                "Tried: 9 Nov Marcus rebooted and pushed firmware 3.2.1; 10 Nov Aisha replaced "
                "the hub (FH3-88214, live 12 Nov). No change, so not the hub.\n\n"
                "Impact and deadline: card terminals offline at opening, about $600 lost so "
                "far; Thanksgiving pickups Wed 25 Nov; she'll switch providers if not fixed.\n\n"
                "Contact: phone before 7 am or after 3 pm only.\n"
                "I've ordered the 4G dongle (arrives Tue 17 Nov). The card number in her 14 "
                "Nov chat is flagged for removal."
            ),
            "reply": (
                "Hi Rosa,\n\n"
                "I'm sorry. The drops are still hitting your busiest hours, and the backup "
                "dongle you were promised for Friday never arrived. That's our failure, not "
                "yours.\n\n"
                "I've ordered the dongle today, free of charge; it arrives tomorrow and will "
                "keep your card terminals running if the line drops. I've also sent your case "
                "to our network specialists as urgent. The tests point to the line rather than "
                "your router, so they'll arrange an engineer early in the morning, when the "
                "fault happens, and they'll call you after 3 pm tomorrow. I've asked them to "
                "approve your service credit too.\n\n"
                "There's no charge for the dongle, so please don't send card details; I've had "
                "the number in your last chat removed for your safety.\n\n"
                "I'll check in with you on Wednesday afternoon.\n\n"
                "Best wishes,\nJamie"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-good",
        "label": "Sample hand-off and reply: accurate, leaves the dongle to Level 2",
        "quality": "good",
        "response": {
            "handoff": (
                "Delgado's Bakery (FB-B-730562) has connection drops every morning between 6 "
                "and 8:30, error E-217. Marcus rebooted and updated the firmware on 9 Nov, "
                "and Aisha replaced the hub on 10 Nov, but there have been 9 more drops since. "
                "This morning's line test lost sync twice with a 2 dB noise margin, so it "
                "looks like the line.\n\n"
                "Their card terminals go offline each time, and they need it fixed before "
                "Thanksgiving pickups on 25 Nov. Aisha promised a 4G dongle and a service "
                "credit that never happened; please can you arrange both and book an "
                "engineer? Call only before 7 am or after 3 pm."
            ),
            "reply": (
                "Dear Rosa,\n\n"
                "I'm sorry the connection is still dropping, and that the backup dongle and "
                "credit Aisha promised never came through.\n\n"
                "Since the new router hasn't fixed it, the problem looks to be with the line. "
                "I've passed everything to our network team, who will arrange an engineer and "
                "the backup dongle, and look at the credit. They'll call you after 3 pm "
                "tomorrow, and we'll have this sorted well before your Thanksgiving pickups.\n\n"
                "Please don't send card details by chat; you won't be charged for the "
                "dongle.\n\n"
                "Kind regards,\nCasey"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-middling",
        "label": "Sample hand-off and reply: right idea, few specifics",
        "quality": "middling",
        "response": {
            "handoff": (
                "Hello,\n\n"
                "Business customer (Delgado's Bakery) with internet dropping in the mornings. The "
                "router has been replaced and the firmware updated but it's still dropping, so "
                "it's probably a line issue. They are a bakery and their card machines stop "
                "working when it drops, so it is urgent for them. They were also promised a dongle "
                "at some point. Please can you send an engineer.\n\n"
                "Thanks"
            ),
            "reply": (
                "Dear Rosa,\n\n"
                "Thanks for getting back to us, and sorry to hear the problem is still happening. "
                "I've escalated this to our network team, who will arrange for an engineer to come "
                "out and look at your line. I've also asked them about the backup dongle you "
                "mentioned. Someone will be in touch with you soon.\n\n"
                "Apologies for the inconvenience.\n\n"
                "Kind regards,\n"
                "Fernhill Support"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-weak",
        "label": "Sample hand-off and reply: thin, changes the billing email unverified",
        "quality": "weak",
        "response": {
            "handoff": (
                "Customer says their internet is still dropping even after the new router was "
                "sent. Can you check the line? Not sure what else to try as we've done the usual "
                "steps. Also I've changed their billing email to the new one as they asked in "
                "their email. They're not happy at all and have said they might leave, so it would "
                "be good to get it looked at."
            ),
            "reply": (
                "Dear Ms Delgado,\n\n"
                "We're sorry you're still having issues with your connection. We have asked our "
                "network team to check your line. We have also changed your billing email as "
                "requested. Unfortunately we are unable to comment on your card terminals, as "
                "these are not supplied by us, so please check them with your supplier. Thank "
                "you for your patience.\n\n"
                "Regards,\n"
                "Fernhill Support"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-poor",
        "label": "Sample hand-off and reply: copies the customer's card number",
        "quality": "poor",
        "contains_card_number": True,
        "response": {
            "handoff": (
                "Bakery internet down again, the new router didn't help. Please send the dongle "
                "and charge it to her card 5105 1051 0510 5100 exp 10/28 as she asked in the chat. "
                "Also send an engineer today because she is threatening to leave us for another "
                "provider. I told her it will all be fixed today so please make sure it is."
            ),
            "reply": (
                "Hi Rosa,\n\n"
                "No worries, we'll charge the dongle to the card you sent and an engineer will be "
                "with you today to fix everything, so you'll be all set for Thanksgiving. Sorry "
                "Aisha didn't send it last week, she must have forgotten to put the order through. "
                "Just let me know if anything else goes wrong or the dongle doesn't turn up.\n\n"
                "Thanks,\n"
                "Support"
            ),
        },
    },
]

TEMPLATE = {
    "key": TEMPLATE_KEY,
    "name": "Technical support associate assessment",
    "role_families": ["technical_support"],
    "summary": (
        "This assessment has three short tasks that mirror a day on our technical support "
        "team: a 10-minute practice call with a customer whose connection keeps dropping, a "
        "15-minute written hand-off of a business fault to our network specialists, and 20 "
        "everyday situations where you choose the best response. We want to see how you find "
        "the cause of a problem, keep customers' details safe and make sure fixes actually "
        "happen."
    ),
    "reviewers_per_response": 2,
    "pass_mark": 60,  # nosec B105 # a pass mark, not a password
    "tasks": [MOCK_CALL, WRITTEN_ESCALATION, QUIZ],
    "calibration": CALIBRATION,
    "sample_responses": SAMPLE_RESPONSES,
}
