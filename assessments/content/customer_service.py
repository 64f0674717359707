"""The customer service assessment: a practice call, a written hand-off and 20 situations.

Used for the customer service, customer experience, team leadership, training and insights
role families. Plain Python data with no Django imports; ``assessments/content/__init__.py``
gathers it into ``TEMPLATES`` and the loader maps it onto the models.

The facts behind it (the three-point identity check, PCI-DSS's rule that full card numbers
never go into notes, GDPR, Level 1/2/3 escalation, a 24-hour email reply target, refunds that
take business days to land) come from the domain reading in ``shared/seeds``; every sentence
here is our own.

Who reads what: ``title``, ``instructions``, ``what_we_look_for``, ``scenario``, the call's
turns, the ticket, the parts' guidance, the questions and options, and every level's
``feedback`` are shown to candidates. ``name``, ``looks_for``, ``anchor``, ``key_facts``,
``rationale`` and everything under ``calibration`` and ``sample_responses`` are for staff.

Numbers are fictional on purpose: order, account and case numbers are short and fail the Luhn
check, so no scanner mistakes them for card numbers. The only card numbers are well-known test
numbers, placed where a customer blurts one out (marked ``contains_card_number``) and in one
sample response that copies it (marked the same way).
"""

TEMPLATE_KEY = "customer-service-core"

# The three-point identity check used throughout: name, ZIP code and date of birth.

# ---------------------------------------------------------------------------------------------
# Task 1: the practice call
# ---------------------------------------------------------------------------------------------

OPENING_IDENTITY = {
    "key": "opening_identity",
    "name": "Opening and identity check",
    "looks_for": (
        "A clear greeting and introduction, then the three-point identity check (name, ZIP "
        "code, date of birth) completed before anything on the account is discussed."
    ),
    "weight": 2,
    "levels": {
        1: {
            "anchor": (
                "No greeting or introduction, and the account is discussed without any "
                "identity check."
            ),
            "feedback": (
                "Start every call by introducing yourself and completing the identity check "
                "before you discuss anything on the account."
            ),
        },
        2: {
            "anchor": (
                "Greets the customer but checks identity only in part (for example name and an "
                "order or account number), or finishes the check after already discussing the "
                "account."
            ),
            "feedback": (
                "Complete all three identity checks, name, ZIP code and date of birth, before "
                "you look at or mention anything on the account."
            ),
        },
        3: {
            "anchor": (
                "Greets and introduces themselves and completes all three checks before "
                "discussing the account, but mechanically: no reason given, or the customer's "
                "details are read back aloud in full."
            ),
            "feedback": (
                "You checked identity at the right moment; next time say briefly why you need "
                "the details, and confirm they match without reading them back."
            ),
        },
        4: {
            "anchor": (
                "Warm greeting with their name and the company's; completes all three checks "
                "before touching the account, says briefly why, and confirms the match "
                "without repeating the details."
            ),
            "feedback": (
                "You opened clearly and completed the identity check before discussing the "
                "account, explaining why you needed it."
            ),
        },
        5: {
            "anchor": (
                "As level 4, and the opening sets the tone for the call: acknowledges the "
                "customer's frustration straight away, frames the check as protecting them, "
                "and moves to the problem smoothly once it is done."
            ),
            "feedback": (
                "Your opening set a calm, confident tone, and you made the identity check "
                "feel like care for the customer rather than a hurdle."
            ),
        },
    },
}

CALL_RUBRIC = {
    "name": "Practice call: late, damaged and double-charged order",
    "criteria": [
        OPENING_IDENTITY,
        {
            "key": "empathy",
            "name": "Empathy and acknowledgement",
            "looks_for": (
                "Acknowledges what this customer has been through (the missed birthday, the "
                "broken table, the money taken twice) and apologises sincerely, without "
                "letting it stall the call."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "No acknowledgement of the customer's situation; goes straight to "
                        "process, or answers defensively or with blame ('the courier must have "
                        "dropped it', 'delivery dates are only estimates')."
                    ),
                    "feedback": (
                        "Acknowledge what has happened to the customer, in your own words, "
                        "before you move on to fixing it."
                    ),
                },
                2: {
                    "anchor": (
                        "A generic, scripted apology ('sorry for any inconvenience') with no "
                        "reference to what actually happened, possibly repeated without "
                        "adding anything."
                    ),
                    "feedback": (
                        "Replace general apologies with a sentence of your own that names what "
                        "actually went wrong for this customer."
                    ),
                },
                3: {
                    "anchor": (
                        "Apologises and refers to at least one specific part of the problem "
                        "(the late delivery or the damage) but misses the personal impact, or "
                        "the apology does not come back when the double charge is raised."
                    ),
                    "feedback": (
                        "You apologised for part of the problem; try naming the personal "
                        "impact too, such as the missed birthday party."
                    ),
                },
                4: {
                    "anchor": (
                        "Names the specific impact in their own words (the party, the broken "
                        "leg, the money taken twice) and takes responsibility on the company's "
                        "behalf."
                    ),
                    "feedback": (
                        "You named what had gone wrong for the customer in your own words and "
                        "took responsibility for it."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and the empathy is sustained: returns to the customer's "
                        "situation at the hard moments (her doubt about a replacement, the "
                        "request for a manager) and stays brief enough to keep the call moving."
                    ),
                    "feedback": (
                        "Your empathy was specific and consistent, and you kept it brief "
                        "enough that the call kept moving."
                    ),
                },
            },
        },
        {
            "key": "diagnosis",
            "name": "Problem diagnosis",
            "looks_for": (
                "Finds all three problems (late delivery, damage, duplicate charge), checks "
                "each against the account on screen and confirms the details with the "
                "customer instead of assuming."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "Does not establish what went wrong: misses or dismisses the problems "
                        "the customer raises, or asks her for information already on screen."
                    ),
                    "feedback": (
                        "Take a moment to establish everything that has gone wrong before you "
                        "start offering fixes."
                    ),
                },
                2: {
                    "anchor": (
                        "Deals with only one of the three problems (usually the damage) and "
                        "overlooks the others, or states something that contradicts the screen, "
                        "such as calling the second payment a pending authorisation."
                    ),
                    "feedback": (
                        "Listen for every problem the customer raises; here the late delivery, "
                        "the damage and the double charge each needed your attention."
                    ),
                },
                3: {
                    "anchor": (
                        "Picks up the late delivery, the damage and the double charge, but does "
                        "not check them against the screen or confirm the details (amounts, "
                        "dates) with the customer."
                    ),
                    "feedback": (
                        "You spotted every problem; confirm the key details, such as amounts "
                        "and dates, so the customer knows you have them right."
                    ),
                },
                4: {
                    "anchor": (
                        "Finds all three problems and confirms them against the screen with "
                        "accurate figures (two payments of $348.95, delivered six days after "
                        "the promised date), asking only questions that are needed."
                    ),
                    "feedback": (
                        "You found every problem and confirmed the details accurately against "
                        "the account."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and sums the whole problem up back to the customer before "
                        "moving to a fix, checking that nothing else is wrong with the order."
                    ),
                    "feedback": (
                        "Your diagnosis was thorough and efficient, and summing the problem up "
                        "before fixing it showed the customer you had understood."
                    ),
                },
            },
        },
        {
            "key": "policy_accuracy",
            "name": "Policy and accuracy",
            "looks_for": (
                "Applies the policies on screen correctly (duplicate refund, express fee "
                "refund, replacement or refund, goodwill limit) with the right amounts and "
                "times, and stops the card number as PCI-DSS requires, never repeating or "
                "recording it."
            ),
            "weight": 3,
            "levels": {
                1: {
                    "anchor": (
                        "Asks for, repeats or notes the card number, or promises something "
                        "against policy (a refund only once the table is back, compensation "
                        "well beyond the $25 limit)."
                    ),
                    "feedback": (
                        "Never ask for, repeat or write down a card number, and check what the "
                        "policy allows before you promise anything."
                    ),
                },
                2: {
                    "anchor": (
                        "Lets the customer read out the whole card number without stopping her, "
                        "or gives a policy, amount or time wrongly in a way that would mislead "
                        "her (wrong refund amount, 'it'll be back tomorrow')."
                    ),
                    "feedback": (
                        "Stop a customer as soon as they start reading out card details, and "
                        "double-check amounts and timescales before you give them."
                    ),
                },
                3: {
                    "anchor": (
                        "Stops the card number but does not say why; applies the main policies "
                        "but leaves one out (most often the express fee refund) or is vague "
                        "about amounts or timing."
                    ),
                    "feedback": (
                        "You stopped the card details in time; next time tell the customer "
                        "why, and cover every policy that applies, such as the express fee."
                    ),
                },
                4: {
                    "anchor": (
                        "Stops the card number at once without repeating any of it and says "
                        "card details are never needed; applies each policy correctly with the "
                        "right amounts and the 3–5 business day refund time."
                    ),
                    "feedback": (
                        "You kept the card details safe and applied each policy with the right "
                        "amounts and timescales."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and uses every option the policies give in the customer's "
                        "favour (her choice of replacement or refund, the swap on delivery, "
                        "goodwill within $25) without promising anything the screen does not "
                        "support."
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
                "Stays calm and respectful when the customer doubts them or asks for a "
                "manager, answers each worry with something concrete, and keeps the call "
                "heading for a resolution."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "Argues, blames the customer or another team, matches her raised tone, "
                        "or loses control of the call (long silences, going round in circles)."
                    ),
                    "feedback": (
                        "When a customer pushes back, keep your tone level and focus on what "
                        "you can do for them rather than on who is at fault."
                    ),
                },
                2: {
                    "anchor": (
                        "Polite but defensive or over-apologetic under pushback; offers the "
                        "manager straight away without trying to help, or refuses the request "
                        "flatly."
                    ),
                    "feedback": (
                        "When a customer doubts you or asks for a manager, try answering the "
                        "worry with a concrete option before passing them on."
                    ),
                },
                3: {
                    "anchor": (
                        "Stays calm and answers the pushback, but with general reassurance "
                        "rather than specifics; the manager request is handled, but the call "
                        "drifts."
                    ),
                    "feedback": (
                        "You stayed calm under pressure; specific facts and dates, rather than "
                        "general reassurance, will settle a worried customer faster."
                    ),
                },
                4: {
                    "anchor": (
                        "Answers pushback with concrete facts (in stock today, arriving "
                        "Thursday, tracking by email), handles the manager request respectfully "
                        "by offering both what they can do now and the team lead's callback, "
                        "and keeps the call on track."
                    ),
                    "feedback": (
                        "You met pushback with specific facts and options, and handled the "
                        "request for a manager respectfully."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and visibly lowers the temperature: acknowledges each "
                        "doubt before answering it, gives the customer real choices, and each "
                        "answer closes a worry instead of opening a new one."
                    ),
                    "feedback": (
                        "You lowered the tension at each hard moment by acknowledging the "
                        "worry and offering a real choice, while keeping the call on course."
                    ),
                },
            },
        },
        {
            "key": "resolution_closing",
            "name": "Resolution and closing",
            "looks_for": (
                "Agrees a complete resolution, sums it up with amounts, dates and the case "
                "reference, checks nothing else is needed, and closes warmly with a written "
                "confirmation."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "The call ends with no resolution agreed, or with the customer unsure "
                        "what happens next."
                    ),
                    "feedback": (
                        "Before you end a call, agree what will happen next and make sure the "
                        "customer knows it."
                    ),
                },
                2: {
                    "anchor": (
                        "Part of the problem is resolved (often only the table) and the rest is "
                        "left open or wrong; no summary and no reference."
                    ),
                    "feedback": (
                        "Make sure every problem the customer raised has an agreed outcome "
                        "before you close the call."
                    ),
                },
                3: {
                    "anchor": (
                        "Every problem is resolved, but the summary misses amounts, dates or "
                        "the case reference, or the call ends abruptly without asking whether "
                        "anything else is needed."
                    ),
                    "feedback": (
                        "You resolved each issue; a short recap with amounts, dates and the "
                        "case reference would leave the customer certain of what comes next."
                    ),
                },
                4: {
                    "anchor": (
                        "A complete, accurate summary (duplicate refund, express fee, the "
                        "table, the collection, when the money lands), the case reference and "
                        "an email confirmation, and a check for anything else."
                    ),
                    "feedback": (
                        "Your closing summary was complete and accurate and left the customer "
                        "clear on what happens next."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and the close is personal and confident: confirms the "
                        "customer is happy with the plan, says how she will hear next, and "
                        "ends warmly."
                    ),
                    "feedback": (
                        "Your close was clear, personal and confident, and left the customer "
                        "knowing exactly what to expect and when."
                    ),
                },
            },
        },
    ],
}

MOCK_CALL = {
    "kind": "mock_call",
    "title": "Practice call: an order that went wrong",
    "time_limit_minutes": 10,
    "weight": 40,
    "instructions": (
        "You will take a phone call from a customer whose order has gone wrong. Her lines "
        "appear one at a time; answer each one as you would on a real call, by speaking or by "
        "typing. Her account, her order and the policies you can use are on screen the whole "
        "time. At one point you will choose how to proceed before you answer. You have 10 "
        "minutes. We listen for how you open the call and check who you are speaking to, how "
        "you respond to the customer, how accurately you apply our policies, and how clearly "
        "you close."
    ),
    "what_we_look_for": [
        "A friendly opening and a full identity check before you discuss the account",
        "Acknowledging how the problem has affected the customer",
        "Finding every problem, not just the first one",
        "Using the policies on screen accurately and keeping card details safe",
        "Staying calm and in control when the customer pushes back",
        "A clear summary of what happens next before you say goodbye",
    ],
    "scenario": (
        "You answer the phones at Larkspur Home, an online furniture and homeware shop. It is "
        "Tuesday 10 November 2026, early afternoon. A customer is calling about a recent "
        "order. Before you discuss any account, you confirm three things: the customer's full "
        "name, the ZIP code and the date of birth on file. You never need a customer's card "
        "number."
    ),
    "call": {
        "customer_name": "Maureen Okafor",
        "account_facts": {
            "Today": "Tuesday 10 November 2026",
            "Customer": "Maureen Okafor, customer since 2020",
            "ZIP code on file": "43085",
            "Date of birth on file": "14 March 1968",
            "Order number": "LH-4471902",
            "Order placed": "Saturday 31 October 2026",
            "Item": "Hollis oak coffee table, $329.00",
            "Delivery": "Express, $19.95, promised by Tuesday 3 November",
            "Delivery status": (
                "Delivered Monday 9 November, six days late; no damage reported yet"
            ),
            "Amount charged": (
                "$697.90 (two payments of $348.95 on 31 October; the second is flagged as a "
                "duplicate)"
            ),
            "Amount that should have been charged": (
                "$348.95 (table $329.00 plus express delivery $19.95)"
            ),
            "Replacement stock": (
                "Hollis oak coffee table in stock; if sent express today, it arrives Thursday "
                "12 November"
            ),
            "Collection of damaged items": (
                "Free. Weekday slots 8 am–12 pm or 12–4 pm from Thursday 12 November. The "
                "two-person furniture crew carries items out, no repackaging needed, and can "
                "take the damaged item when delivering a replacement."
            ),
            "Policy: damaged on arrival": (
                "Replacement or full refund, the customer's choice; a refund is issued as soon "
                "as the collection is booked"
            ),
            "Policy: late express delivery": (
                "Refund the express fee in full when the promised date is missed"
            ),
            "Policy: duplicate payment": (
                "Reverse it at once; it reaches the customer's bank in 3–5 business days"
            ),
            "Goodwill credit": "Up to $25 at your discretion; more needs a team lead",
            "Team lead": "Can call the customer back within 4 business hours if asked",
            "Case reference": "CS-58302",
        },
        "turns": [
            {
                "key": "t1",
                "stage": "opening",
                "text": (
                    "Hi. I'm calling about an order that's gone wrong in just about every way "
                    "it could, and I'm really not in the mood to be passed around."
                ),
                "next": "t2",
            },
            {
                "key": "t2",
                "stage": "identity",
                "text": (
                    "It's Maureen Okafor, and the order number is LH-4471902. That should be "
                    "enough for you to find it, shouldn't it?"
                ),
                "next": "t3",
            },
            {
                "key": "t3",
                "stage": "identity",
                "text": (
                    "My ZIP's 43085 and my birthday is March fourteenth, 1968; that's what you "
                    "people always want, isn't it? Can we get on with it now?"
                ),
                "next": "t4",
            },
            {
                "key": "t4",
                "stage": "empathy",
                "text": (
                    "I paid extra for express delivery because that table was for my mother's "
                    "seventieth birthday party on the fourth. It turned up yesterday, almost a "
                    "week late, with one of the legs snapped clean off."
                ),
                "next": "t5",
            },
            {
                "key": "t5",
                "stage": "diagnosis",
                "text": (
                    "And that's not even the worst of it. I checked my bank this morning and "
                    "you've taken the money twice: three hundred and forty-eight ninety-five, "
                    "two times over."
                ),
                "next": "t6",
            },
            {
                "key": "t6",
                "stage": "diagnosis",
                "text": (
                    "Hold on, I've got the card right here so you can see exactly which one "
                    "you charged. It's 4111 1111 1111 1111, and the expiry is—"
                ),
                "contains_card_number": True,
                "next": "t7",
            },
            {
                "key": "t7",
                "stage": "policy",
                "text": (
                    "Okay, okay. So what happens now? Because I'm not paying seven hundred "
                    "dollars for a broken table, and I'm not going another week without one "
                    "either."
                ),
                "branches": [
                    {"label": "Offer a replacement table", "next": "t8a"},
                    {"label": "Offer a full refund for the table", "next": "t8b"},
                ],
            },
            {
                "key": "t8a",
                "stage": "de_escalation",
                "text": (
                    "A replacement? Your express delivery took nearly a week last time. Why "
                    "should I believe this one will turn up on time, or in one piece?"
                ),
                "next": "t9",
            },
            {
                "key": "t8b",
                "stage": "de_escalation",
                "text": (
                    "A refund? I don't want my money back, I want the table. It took me months "
                    "to find one that fits that room."
                ),
                "next": "t9",
            },
            {
                "key": "t9",
                "stage": "de_escalation",
                "text": (
                    "Honestly, I've shopped with you for six years and this is the worst "
                    "service I've ever had. I think I'd like to speak to your manager."
                ),
                "next": "t10",
            },
            {
                "key": "t10",
                "stage": "resolution",
                "text": (
                    "And what about the broken one? I can't lift it on my own, and I'm not "
                    "sitting in all day for a courier who may never show up."
                ),
                "next": "t11",
            },
            {
                "key": "t11",
                "stage": "resolution",
                "text": (
                    "Right. Go through it once more for me: what's actually happening, and "
                    "when will I see my money?"
                ),
                "next": "t12",
            },
            {
                "key": "t12",
                "stage": "closing",
                "text": (
                    "Okay. Thank you, I suppose. You've been more help than I expected when I "
                    "picked up the phone."
                ),
                "next": None,
            },
        ],
    },
    "rubric": CALL_RUBRIC,
}

# ---------------------------------------------------------------------------------------------
# Task 2: the written hand-off
# ---------------------------------------------------------------------------------------------

WRITTEN_CLARITY = {
    "key": "clarity_structure",
    "name": "Clarity and structure",
    "looks_for": (
        "Both texts are easy to scan: the hand-off leads with the problem and the request, "
        "groups the facts logically and stays concise; the reply is ordered around what the "
        "customer needs to know."
    ),
    "weight": 2,
    "levels": {
        1: {
            "anchor": (
                "Hard to follow: a copy of the ticket, or one long block with no order, or "
                "sentences that could be read more than one way."
            ),
            "feedback": (
                "Start your writing with a one-line summary of the problem, then set out the "
                "facts in a logical order."
            ),
        },
        2: {
            "anchor": (
                "The facts are there but in ticket order rather than order of importance; the "
                "request to Level 2, or the key point for the customer, is buried."
            ),
            "feedback": (
                "Put the problem and what you need from the specialist at the top, then the "
                "supporting facts."
            ),
        },
        3: {
            "anchor": (
                "Organised and readable, but wordy or repetitive; the reader has to work to "
                "find the request or the timeline."
            ),
            "feedback": (
                "Your writing was organised; trimming repetition would make the request and "
                "the timeline easier to find."
            ),
        },
        4: {
            "anchor": (
                "Leads with a summary and the request, groups the facts under clear headings or "
                "in a logical order, and is concise in both texts."
            ),
            "feedback": (
                "Your writing was concise and well ordered, with the summary and the request "
                "up front."
            ),
        },
        5: {
            "anchor": (
                "As level 4, and each text is shaped for its reader: a specialist could act "
                "from the first three lines of the hand-off, and the customer can read the "
                "reply in under a minute."
            ),
            "feedback": (
                "You shaped each text for its reader, so the specialist and the customer could "
                "both act on it quickly."
            ),
        },
    },
}

WRITTEN_TONE = {
    "key": "customer_tone",
    "name": "Tone to the customer",
    "looks_for": (
        "The reply is warm, sincere and professional: it owns the company's mistakes, "
        "including any broken promise, acknowledges the customer's situation and avoids "
        "jargon, blame and defensiveness."
    ),
    "weight": 2,
    "levels": {
        1: {
            "anchor": (
                "Curt, defensive or blaming (the customer, their bank, a colleague), or full "
                "of internal codes and jargon the customer cannot follow."
            ),
            "feedback": (
                "When you write to a customer, use plain, warm words and take responsibility "
                "for what went wrong rather than explaining why it was not our fault."
            ),
        },
        2: {
            "anchor": (
                "Polite but impersonal or scripted; does not acknowledge the broken promise or "
                "what the delay means for the customer."
            ),
            "feedback": (
                "Acknowledge the customer's own situation and any promise we broke, so your "
                "reply reads as written for them."
            ),
        },
        3: {
            "anchor": (
                "Friendly and apologetic, but the apology is general, or the tone slips in "
                "places (over-familiar, over-apologetic, or a line that reads as an excuse)."
            ),
            "feedback": (
                "Your reply was friendly; a specific apology for what went wrong will land "
                "better than a general one."
            ),
        },
        4: {
            "anchor": (
                "Warm and professional in plain words; apologises specifically for what went "
                "wrong and for the broken promise, and acknowledges why it matters to the "
                "customer."
            ),
            "feedback": (
                "Your reply was warm and professional and apologised for exactly what had gone "
                "wrong."
            ),
        },
        5: {
            "anchor": (
                "As level 4, and reads as written by one person who has taken ownership: says "
                "who is acting and when, and rebuilds trust without overpromising."
            ),
            "feedback": (
                "Your reply read as personal and trustworthy, taking ownership without "
                "promising more than can be delivered."
            ),
        },
    },
}

WRITTEN_RUBRIC = {
    "name": "Written hand-off: failed refund to a closed card",
    "criteria": [
        {
            "key": "handoff_completeness",
            "name": "Completeness of the hand-off",
            "looks_for": (
                "The hand-off carries every key fact, so the Payments specialist can act "
                "without rereading the ticket or asking the customer for basics."
            ),
            "weight": 3,
            "levels": {
                1: {
                    "anchor": (
                        "Most key facts are missing; Level 2 would have to read the whole "
                        "ticket or contact the customer again to start."
                    ),
                    "feedback": (
                        "In your hand-off, set out what failed, what has been tried and what "
                        "the customer needs, so the specialist can act without reading the "
                        "whole ticket."
                    ),
                },
                2: {
                    "anchor": (
                        "Gives some facts (the order, the amount) but not why the refund failed "
                        "or what has already been tried."
                    ),
                    "feedback": (
                        "Include the cause of the problem and everything already tried, so the "
                        "specialist you hand over to does not repeat it."
                    ),
                },
                3: {
                    "anchor": (
                        "Gives most key facts but leaves out one that changes how Level 2 acts: "
                        "the Friday deadline, the chargeback threat, the missed callback or the "
                        "after-5 pm contact window."
                    ),
                    "feedback": (
                        "Your hand-off covered most of what matters; add the deadline, any "
                        "promise made to the customer and when they can be reached."
                    ),
                },
                4: {
                    "anchor": (
                        "Gives all the key facts: order and refund references, the amount, the "
                        "failure code and its cause, both retries, the missed callback, the "
                        "deadline and the contact window."
                    ),
                    "feedback": (
                        "Your hand-off carried every fact the specialist needs to act without "
                        "going back to the customer."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and adds what lets Level 2 act at once: a clear request "
                        "(bank transfer via the secure link, by when), the risk (chargeback, "
                        "Plus member) and what the customer has been told."
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
                "Every fact, figure, date and reference in both texts matches the ticket, and "
                "nothing is invented or promised that the ticket does not support."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "Several facts are wrong or invented (amount, order or refund "
                        "reference, dates), enough to send Level 2 down the wrong path."
                    ),
                    "feedback": (
                        "Check each fact, figure and reference against the ticket before you "
                        "send; the specialist will act on exactly what you write."
                    ),
                },
                2: {
                    "anchor": (
                        "One significant error (amount, refund reference, reason for the "
                        "failure, deadline), or a promise the ticket does not support, such as "
                        "refunding to her new card."
                    ),
                    "feedback": (
                        "Double-check amounts, references and dates against the ticket before "
                        "you send, and promise only what our process allows."
                    ),
                },
                3: {
                    "anchor": (
                        "Correct but vague where the ticket is exact ('a few weeks ago' for 17 "
                        "October, 'a refund error' for response 05, no refund reference)."
                    ),
                    "feedback": (
                        "Your facts were right; quote exact dates, codes and references so the "
                        "specialist does not have to look them up."
                    ),
                },
                4: {
                    "anchor": (
                        "All facts, figures, dates and references are correct and exact, and "
                        "the promises made match the process described in the task."
                    ),
                    "feedback": (
                        "Every fact, figure and reference you gave matched the ticket exactly."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and reconciles the history where it misleads: notes that "
                        "the refund Tom confirmed on 20 October later failed, and that no "
                        "Payments referral was ever raised after Jess's call."
                    ),
                    "feedback": (
                        "You were exact throughout and spotted where the ticket history was out "
                        "of date, which will save the specialist time."
                    ),
                },
            },
        },
        {
            "key": "compliance",
            "name": "Compliance: identity, data handling, card numbers",
            "looks_for": (
                "No card number and no other sensitive data in either text; the customer is "
                "not asked to send card or bank details by email; the card number she emailed "
                "is flagged for removal, and personal data stays limited to what Level 2 needs."
            ),
            "weight": 3,
            "levels": {
                1: {
                    "anchor": (
                        "A full card number, bank details or similar sensitive data appears in "
                        "either text, or the customer is asked to email card or bank details."
                    ),
                    "feedback": (
                        "Never put card numbers or bank details into your notes or emails, and "
                        "never ask a customer to send them that way."
                    ),
                },
                2: {
                    "anchor": (
                        "No card number, but the reply asks for sensitive details by an "
                        "insecure route (email, chat), or the hand-off includes personal data "
                        "Level 2 does not need (her date of birth, her new card's details)."
                    ),
                    "feedback": (
                        "Ask for sensitive details only through a secure route, and keep the "
                        "personal data in your hand-off to what the specialist needs."
                    ),
                },
                3: {
                    "anchor": (
                        "Keeps sensitive data out of both texts, but passively: does not flag "
                        "the card number in her 28 October email, or leaves the customer unsure "
                        "how her bank details will be collected."
                    ),
                    "feedback": (
                        "You kept sensitive data out of your writing; also say how payment "
                        "details will be collected safely, and flag any you find in the ticket."
                    ),
                },
                4: {
                    "anchor": (
                        "Handles data correctly in both texts: flags the emailed card number "
                        "for removal without copying it, and tells the customer her bank "
                        "details will be collected through a secure link, not by email."
                    ),
                    "feedback": (
                        "You handled personal and payment data correctly and told the customer "
                        "how her details would be collected safely."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and builds safety into the next step for both readers: "
                        "asks Level 2 to confirm identity on any call and to use the secure "
                        "link, and gently tells the customer why she should not email card "
                        "details again."
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
                "Both texts say who does what by when, consistently and realistically: Level "
                "2's action and deadline, when and how the customer hears next, and a timeline "
                "that gets her money to her before Friday 6 November."
            ),
            "weight": 2,
            "levels": {
                1: {
                    "anchor": (
                        "No next steps, or next steps with no owner or time ('someone will be "
                        "in touch')."
                    ),
                    "feedback": "End each of your messages with who will do what, and by when.",
                },
                2: {
                    "anchor": (
                        "Next steps are given but are unrealistic against the stated times "
                        "(the money 'today'), or the hand-off and the reply promise different "
                        "things."
                    ),
                    "feedback": (
                        "Promise only timelines the team can meet, and make your hand-off and "
                        "your reply say the same thing."
                    ),
                },
                3: {
                    "anchor": (
                        "Realistic next steps in one text but not the other (often no deadline "
                        "for Level 2), or times left vague ('soon', 'shortly', 'in a few days')."
                    ),
                    "feedback": (
                        "Give a specific day or time in both of your texts instead of words "
                        "like soon, so everyone knows what to expect."
                    ),
                },
                4: {
                    "anchor": (
                        "Both texts give the same realistic plan with owners and dates: "
                        "Payments in touch by Tuesday 3 November, the transfer in 1–2 business "
                        "days, in time for Friday."
                    ),
                    "feedback": (
                        "You set out realistic next steps with owners and dates, consistent "
                        "across both texts."
                    ),
                },
                5: {
                    "anchor": (
                        "As level 4, and adds a safety net: when the candidate will check "
                        "progress themselves and what happens if the Friday deadline is at "
                        "risk."
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
    "title": "Written hand-off: a refund that never arrived",
    "time_limit_minutes": 15,
    "weight": 35,
    "instructions": (
        "Read the ticket history below, then write two things: a hand-off note to the Level 2 "
        "Payments team and a reply to the customer. You have 15 minutes for both, so spend a "
        "few minutes reading before you write. We look at whether your hand-off gives the "
        "specialist everything they need to act, whether your reply is accurate, clear and "
        "kind, and whether you handle personal and payment details safely."
    ),
    "what_we_look_for": [
        "A hand-off the specialist can act on without rereading the ticket",
        "Facts, figures, dates and references that match the ticket exactly",
        "A warm, plain-English reply that owns what went wrong",
        "No card numbers or other sensitive details in anything you write",
        "Clear next steps with realistic times, the same in both texts",
    ],
    "scenario": (
        "You work on the email team at Larkspur Home. It is Monday 2 November 2026, 11:00 am, "
        "and this ticket has just reached your queue. Only the Level 2 Payments team can send "
        "a refund by bank transfer; refunds cannot be sent to a different card from the one "
        "used to pay. Payments answers escalations within one business day and collects bank "
        "details through a secure link, never by email. Once they have the details, a transfer "
        "reaches the customer's bank in 1–2 business days."
    ),
    "ticket": {
        "reference": "CS-47185",
        "subject": "Refund for returned sofa not received",
        "customer": {
            "name": "Priya Raman",
            "account": "C-208341",
            "tier": "Larkspur Plus member since 2023",
            "contact_preference": "Email; phone only on weekdays after 5 pm",
        },
        "entries": [
            {
                "at": "2026-10-19T10:02:00",
                "author": "customer",
                "channel": "email",
                "body": (
                    "Hello, I returned the Bramble three-seat sofa from order LH-4390617 on "
                    "Monday 12 October using your free collection; the courier's reference was "
                    "CL-77302. When will my $1,249.00 be refunded? Thanks, Priya"
                ),
            },
            {
                "at": "2026-10-19T10:02:30",
                "author": "system",
                "channel": "note",
                "body": (
                    "Automatic acknowledgement sent: we aim to answer every email within 24 hours."
                ),
            },
            {
                "at": "2026-10-20T16:47:00",
                "author": "agent: Tom",
                "channel": "email",
                "body": (
                    "Hi Priya, good news: the warehouse received the sofa on 16 October and it "
                    "passed inspection. Refund RF-118204 for $1,249.00 was sent to your "
                    "original card on 17 October and should reach you within 5–7 business "
                    "days. Kind regards, Tom"
                ),
            },
            {
                "at": "2026-10-27T14:12:00",
                "author": "system",
                "channel": "note",
                "body": (
                    "Refund RF-118204 ($1,249.00) FAILED. Gateway response 05: card account "
                    "closed. No automatic retry."
                ),
            },
            {
                "at": "2026-10-28T08:55:00",
                "author": "customer",
                "channel": "email",
                "body": (
                    "Still nothing, and my bank says there's no refund pending. The card I "
                    "paid with was cancelled in early October after someone cloned it; could "
                    "that be why? You can put it on my new card instead: 4012 8888 8888 1881, "
                    "expiry 08/29. Also, please take me off the weekly deals emails, I get "
                    "three a week."
                ),
                "contains_card_number": True,
            },
            {
                "at": "2026-10-29T17:20:00",
                "author": "agent: Jess",
                "channel": "phone",
                "body": (
                    "Customer called after work. Explained that RF-118204 failed because the "
                    "card is closed. Pressed Retry twice; same response 05 both times. Told "
                    "her Payments would have to send the money another way and that I'd call "
                    "her back by Friday 30 October with an update. She is moving on 9 "
                    "November and needs the money for the deposit on her new apartment, due "
                    "Friday 6 November. Unsubscribed her from marketing emails as asked."
                ),
            },
            {
                "at": "2026-10-30T11:03:00",
                "author": "system",
                "channel": "note",
                "body": (
                    "Plus points adjusted: 1,249 points removed for returned order LH-4390617."
                ),
            },
            {
                "at": "2026-11-02T09:14:00",
                "author": "customer",
                "channel": "email",
                "body": (
                    "Nobody called me on Friday like Jess promised. That's $1,249.00 of my "
                    "money, and I need it by this Friday for the deposit on my new place. If I "
                    "don't hear something concrete today, I'll ask my bank to reverse the "
                    "original payment. Priya"
                ),
            },
            {
                "at": "2026-11-02T09:14:30",
                "author": "system",
                "channel": "note",
                "body": (
                    "Ticket reopened. Priority raised to High: customer mentions a chargeback. "
                    "Reply due by 2026-11-03 09:14."
                ),
            },
        ],
    },
    "parts": [
        {
            "key": "handoff",
            "label": "Hand-off note to the Level 2 team",
            "guidance": (
                "Write for a Payments specialist who has never seen this ticket. Start with "
                "what has gone wrong and what you need them to do, then give the facts they "
                "will need: references, amounts, dates, what has been tried and by whom, any "
                "promises made, the deadline and how to reach the customer."
            ),
            "min_words": 60,
            "max_words": 400,
        },
        {
            "key": "reply",
            "label": "Reply to the customer",
            "guidance": (
                "Write the email you would send the customer now. Acknowledge what has "
                "happened, say what you have done and what happens next, and give realistic "
                "times. Use plain words and leave out internal codes."
            ),
            "min_words": 60,
            "max_words": 300,
        },
    ],
    "key_facts": [
        "Order LH-4390617: Bramble three-seat sofa, $1,249.00, collected on 12 October "
        "(collection CL-77302); received and passed inspection on 16 October.",
        "Refund RF-118204 for $1,249.00 was sent to the original card on 17 October and failed "
        "on 27 October with gateway response 05 (card account closed).",
        "Cause: the customer's bank cancelled and replaced that card in early October after fraud.",
        "Tom's email of 20 October told her the refund was on its way; it later failed.",
        "Jess retried the refund twice on 29 October (same response 05) and promised a "
        "callback by Friday 30 October; the callback did not happen and no Payments referral "
        "is on the ticket.",
        "Deadline: she needs the money by Friday 6 November for an apartment deposit; she "
        "moves on 9 November.",
        "Risk: she has said she will ask her bank to reverse the original payment; the ticket "
        "is High priority with a reply due by 09:14 on 3 November; she is a Plus member.",
        "Contact: email preferred; phone only on weekdays after 5 pm.",
        "Request to Payments: send $1,249.00 by bank transfer, collecting her bank details "
        "through the secure link; it cannot go to her new card.",
        "Her 28 October email contains a full card number: it must not be copied into the "
        "hand-off or reply, and should be flagged for removal.",
        "Noise that needs no action: the marketing opt-out (done by Jess) and the Plus points "
        "adjustment.",
    ],
    "rubric": WRITTEN_RUBRIC,
}

# ---------------------------------------------------------------------------------------------
# Task 3: the situational quiz
# ---------------------------------------------------------------------------------------------

# Questions the technical support template reuses are named, so it can import them; their
# wording avoids anything that only fits a shop. The best option is deliberately not the
# longest one in most questions, and the poor options are written to sound reasonable.

ASKED_THREE_TIMES = {
    "key": "q02",
    "competency": "de_escalation",
    "scenario": (
        "A customer on chat writes in capital letters that this is the third time they have "
        "contacted you about the same problem and that nobody listens."
    ),
    "prompt": "What is your first reply?",
    "options": [
        {
            "key": "a",
            "text": (
                "I can help, but I'll need you to stop typing in capitals first so we can keep "
                "this conversation respectful."
            ),
            "credit": 0,
            "rationale": (
                "Correcting how the customer writes puts them in the wrong and raises the "
                "temperature before anything has been done."
            ),
        },
        {
            "key": "b",
            "text": (
                "I can see your case was marked as resolved last week, so let's start by "
                "working out what is still going wrong for you."
            ),
            "credit": 0,
            "rationale": (
                "Leads with the system's view, which contradicts the customer's experience and "
                "suggests they are mistaken."
            ),
        },
        {
            "key": "c",
            "text": (
                "I understand how frustrating that must be. Could you give me your account "
                "details and describe the problem from the start?"
            ),
            "credit": 1,
            "rationale": (
                "Calm and polite, but the empathy is generic, and asking them to start again "
                "is exactly what they are complaining about."
            ),
        },
        {
            "key": "d",
            "text": (
                "I'm sorry you've had to come back three times. I'm reading the earlier chats "
                "now so you don't have to repeat yourself."
            ),
            "credit": 2,
            "rationale": (
                "Acknowledges the real grievance, the repeat contact, and proves someone is "
                "listening by removing the need to tell the story again."
            ),
        },
    ],
}

UNSUBMITTED_REFUND = {
    "key": "q06",
    "competency": "ownership",
    "scenario": (
        "A customer calls about a refund a colleague promised them last week. Your system "
        "shows the colleague never submitted it."
    ),
    "prompt": "What do you do?",
    "options": [
        {
            "key": "a",
            "text": (
                "Apologise, submit the refund now, and tell the customer when it will arrive, "
                "confirming it in writing."
            ),
            "credit": 2,
            "rationale": (
                "Takes ownership of the team's mistake, fixes it on this contact, and gives the "
                "customer a date and a record."
            ),
        },
        {
            "key": "b",
            "text": (
                "Explain that your colleague made a mistake and that you'll pass it back to "
                "them to put right."
            ),
            "credit": 0,
            "rationale": (
                "Blames a colleague in front of the customer and hands the problem back to the "
                "person who already missed it."
            ),
        },
        {
            "key": "c",
            "text": (
                "Submit the refund, and explain that a system fault stopped it going through "
                "last week."
            ),
            "credit": 0,
            "rationale": (
                "Fixes the refund but gives the customer an untrue reason; honesty matters "
                "more than saving face."
            ),
        },
        {
            "key": "d",
            "text": (
                "Apologise, raise it with your team lead so your colleague gets feedback, and "
                "ask the customer to call back tomorrow to check on it."
            ),
            "credit": 1,
            "rationale": (
                "The apology and the feedback are right, but the customer is made to chase a "
                "refund that could be submitted now."
            ),
        },
    ],
}

CARD_NUMBER_IN_CHAT = {
    "key": "q07",
    "competency": "privacy",
    "scenario": (
        "On chat, a customer pastes their full card number and expiry date and asks you to "
        "take payment from that card."
    ),
    "prompt": "What do you do?",
    "options": [
        {
            "key": "a",
            "text": (
                "Take the payment straight away so the details are on screen as briefly as "
                "possible, then delete the message."
            ),
            "credit": 0,
            "rationale": (
                "Uses card details received over an insecure channel; taking payment this way "
                "breaks PCI-DSS whatever happens to the message afterwards."
            ),
        },
        {
            "key": "b",
            "text": (
                "Thank them, take the payment, and copy the number into the account notes in "
                "case the billing team needs to check it."
            ),
            "credit": 0,
            "rationale": (
                "Writing a full card number into notes is exactly what PCI-DSS forbids, and it "
                "spreads the exposure further."
            ),
        },
        {
            "key": "c",
            "text": (
                "Explain that you can't take card details on chat, and ask them to phone the "
                "payments line and read the number out there."
            ),
            "credit": 1,
            "rationale": (
                "Right not to use it, but leaves the number exposed in the chat and sends the "
                "customer to read it aloud rather than to a secure route."
            ),
        },
        {
            "key": "d",
            "text": (
                "Don't use or repeat it; have it removed from the chat, explain why, and send "
                "a secure payment link."
            ),
            "credit": 2,
            "rationale": (
                "Keeps the number out of every system, contains what was already shared, "
                "explains the rule and still lets the customer pay safely."
            ),
        },
    ],
}

ABUSIVE_CALLER = {
    "key": "q09",
    "competency": "de_escalation",
    "scenario": (
        "A customer on the phone about a problem that has dragged on for weeks starts swearing "
        "at you personally."
    ),
    "prompt": "What do you do?",
    "options": [
        {
            "key": "a",
            "text": (
                "Calmly ask for the conversation to stay respectful; if the abuse continues, "
                "follow your process for ending the call."
            ),
            "credit": 2,
            "rationale": (
                "Sets a clear, fair boundary without retaliating, keeps the door open to help, "
                "and uses the agreed process if that fails."
            ),
        },
        {
            "key": "b",
            "text": (
                "Put the customer on hold for a minute or two so they have time to calm down, "
                "then pick up where you left off."
            ),
            "credit": 0,
            "rationale": (
                "Unexplained silence usually makes an angry caller angrier, and the behaviour "
                "is never addressed."
            ),
        },
        {
            "key": "c",
            "text": (
                "Ignore the language and keep working on the problem; reacting to the swearing "
                "would only make the customer angrier."
            ),
            "credit": 1,
            "rationale": (
                "Keeping the focus on the problem can work for mild frustration, but personal "
                "abuse needs a boundary."
            ),
        },
        {
            "key": "d",
            "text": (
                "End the call straight away, mark the account as abusive, and email the "
                "customer explaining why the call was ended."
            ),
            "credit": 0,
            "rationale": (
                "Too quick: gives the customer no chance to reset, and leaves a long-running "
                "problem unsolved."
            ),
        },
    ],
}

SPOUSE_ON_THE_LINE = {
    "key": "q13",
    "competency": "privacy",
    "scenario": (
        "A man calls about his wife's account. He knows her date of birth and account number, "
        "and says she asked him to call because she is at work. She is the only person on the "
        "account."
    ),
    "prompt": "What do you do?",
    "options": [
        {
            "key": "a",
            "text": (
                "Help him: he has passed two of the three identity checks, and she asked him "
                "to call on her behalf."
            ),
            "credit": 0,
            "rationale": (
                "The checks confirm that the caller is the account holder; he has said he is "
                "not, so passing them proves nothing."
            ),
        },
        {
            "key": "b",
            "text": (
                "Explain kindly that you can only discuss it with her or someone she has "
                "authorised, and how she can add him."
            ),
            "credit": 2,
            "rationale": (
                "Protects the account holder's data while giving the caller a clear, practical "
                "way forward."
            ),
        },
        {
            "key": "c",
            "text": (
                "Share only general information about the account, such as the date of her "
                "last payment, and nothing more personal."
            ),
            "credit": 1,
            "rationale": (
                "Limits the damage, but even general account information is being shared with "
                "someone who is not authorised."
            ),
        },
        {
            "key": "d",
            "text": (
                "Ask him for the ZIP code on the account too, and help him if he gets it "
                "right, since that completes the check."
            ),
            "credit": 0,
            "rationale": (
                "Completing the check does not make him the account holder; it only teaches "
                "him which details unlock the account."
            ),
        },
    ],
}

REVIEW_THREAT = {
    "key": "q15",
    "competency": "de_escalation",
    "scenario": (
        "A customer says another company would have refunded them already, and threatens a "
        "bad review unless the money is back today. You have processed the refund, but it "
        "takes 3–5 business days to reach their bank."
    ),
    "prompt": "How do you respond?",
    "options": [
        {
            "key": "a",
            "text": (
                "Acknowledge the frustration, say honestly when the money will arrive, and "
                "offer written confirmation of the refund."
            ),
            "credit": 2,
            "rationale": (
                "Honest about the timescale, and the written confirmation gives the customer "
                "something concrete to hold on to."
            ),
        },
        {
            "key": "b",
            "text": (
                "Promise that the money will be back in their account today, so the review "
                "isn't posted and the customer stays."
            ),
            "credit": 0,
            "rationale": (
                "A promise that cannot be kept turns one complaint into two, and the review "
                "is likely to follow anyway."
            ),
        },
        {
            "key": "c",
            "text": (
                "Explain calmly that reviews don't change how quickly refunds are processed, so "
                "the timescale is the same for everyone."
            ),
            "credit": 0,
            "rationale": (
                "True, but it answers the threat instead of the worry, and sounds defensive."
            ),
        },
        {
            "key": "d",
            "text": (
                "Apologise for the wait and explain that refunds take 3–5 business days to "
                "reach the bank."
            ),
            "credit": 1,
            "rationale": (
                "Accurate and polite, but leaves the customer with nothing to check against, "
                "such as the refund reference in writing."
            ),
        },
    ],
}

DATA_ACCESS_REQUEST = {
    "key": "q18",
    "competency": "privacy",
    "scenario": (
        "A customer living in Germany emails asking for a copy of all the personal data your "
        "company holds about them."
    ),
    "prompt": "What do you do?",
    "options": [
        {
            "key": "a",
            "text": (
                "Reply with screenshots of their account pages, which show what is held about "
                "them in one place."
            ),
            "credit": 0,
            "rationale": (
                "Incomplete, sent without checking who is asking, and bypasses the team that "
                "handles data requests."
            ),
        },
        {
            "key": "b",
            "text": (
                "Explain that you only hold their contact details and order history, so there "
                "isn't much to send them."
            ),
            "credit": 0,
            "rationale": (
                "A guess presented as fact; under GDPR the customer is entitled to a proper "
                "answer covering all the data held."
            ),
        },
        {
            "key": "c",
            "text": (
                "Verify their identity, pass it to the data-requests team, and tell the "
                "customer when to expect an answer."
            ),
            "credit": 2,
            "rationale": (
                "Treats it as a formal GDPR access request, which has a legal deadline: "
                "verifies the requester, routes it to the right team and sets expectations."
            ),
        },
        {
            "key": "d",
            "text": (
                "Forward the email to your team lead, and let the customer know it has been "
                "passed to the right person."
            ),
            "credit": 1,
            "rationale": (
                "Heading the right way, but skips the identity check, and the customer gets no "
                "idea of what happens next."
            ),
        },
    ],
}

QUESTIONS = [
    {
        "key": "q01",
        "competency": "privacy",
        "scenario": (
            "A caller asks you to change the delivery address on an order. They give the "
            "account holder's name and the order number, but say they don't know the date of "
            "birth on the account."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Change the address: the name and order number both match the account, and "
                    "the caller is clearly in a hurry."
                ),
                "credit": 0,
                "rationale": (
                    "Two details are not the three-point check, and an order number is printed "
                    "on emails and parcels, so it proves little; redirected deliveries are a "
                    "common fraud."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Explain that you can't change anything until all three checks are passed, "
                    "and how the account holder can do it."
                ),
                "credit": 2,
                "rationale": (
                    "Holds the line on the identity check while giving the caller a clear "
                    "route to get the change made."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Ask for the last four digits of the card used on the order instead, and "
                    "make the change if those match."
                ),
                "credit": 1,
                "rationale": (
                    "Tries to verify, but improvises a check that is not part of the process; "
                    "the last four digits appear on receipts and are weaker than a date of "
                    "birth."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Make the change, but ask the warehouse to hold the parcel until the "
                    "customer confirms the new address by email."
                ),
                "credit": 0,
                "rationale": (
                    "Still changes an account for an unverified caller, and the hold relies on "
                    "an email address that may also be compromised."
                ),
            },
        ],
    },
    ASKED_THREE_TIMES,
    {
        "key": "q03",
        "competency": "policy",
        "scenario": (
            "A customer wants to return an unused rug bought 41 days ago. The return window is "
            "30 days. They tell you they were in hospital for most of the past month."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Explain the 30-day window kindly, ask your team lead whether an exception "
                    "is possible, and say when you'll call back."
                ),
                "credit": 2,
                "rationale": (
                    "Honest about the policy, uses the proper route for exceptions, and gives "
                    "the customer a time to expect an answer."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Accept the return yourself: the rug is unused, the reason is genuine, and "
                    "refusing would probably lose a loyal customer."
                ),
                "credit": 0,
                "rationale": (
                    "Kind, but grants an exception the associate has no authority to give, "
                    "which treats customers inconsistently."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Explain that the window has closed and decline the return, because the "
                    "policy has to apply in the same way to everyone."
                ),
                "credit": 1,
                "rationale": (
                    "Accurate, but misses that exceptions can be asked for in circumstances "
                    "like these."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Suggest they report the rug as faulty, since faulty items can be returned "
                    "outside the 30-day window."
                ),
                "credit": 0,
                "rationale": "Asks the customer to be dishonest and falsifies the record.",
            },
        ],
    },
    {
        "key": "q04",
        "competency": "prioritising",
        "scenario": (
            "You start your shift with four emails in your queue, all still inside the 24-hour "
            "reply target."
        ),
        "prompt": "Which do you answer first?",
        "options": [
            {
                "key": "a",
                "text": (
                    "A customer asking whether the sofa they ordered yesterday also comes in a "
                    "darker colour."
                ),
                "credit": 0,
                "rationale": "A simple question, and no harm comes from a short wait.",
            },
            {
                "key": "b",
                "text": (
                    "A customer whose parcel shows as delivered but never arrived, received 20 "
                    "hours ago."
                ),
                "credit": 1,
                "rationale": (
                    "Close to the reply target and a real loss, so it comes next, but a "
                    "possible account takeover can do more harm with every minute."
                ),
            },
            {
                "key": "c",
                "text": (
                    "A customer who sees orders on their account that they didn't place, "
                    "received 2 hours ago."
                ),
                "credit": 2,
                "rationale": (
                    "A possible account takeover: the risk to the customer grows the longer it "
                    "waits, whatever the age of the email."
                ),
            },
            {
                "key": "d",
                "text": (
                    "The oldest email, received 22 hours ago, thanking you for a quick refund "
                    "and asking nothing."
                ),
                "credit": 0,
                "rationale": (
                    "Oldest first is a sensible default, but this one needs no action and "
                    "should not hold up urgent work."
                ),
            },
        ],
    },
    {
        "key": "q05",
        "competency": "escalating",
        "scenario": (
            "A customer tells you the electric heater they bought from you began smoking and "
            "scorched their floor."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Apologise, process a full refund straight away, and add a detailed note to "
                    "the order so there's a record of what happened."
                ),
                "credit": 1,
                "rationale": (
                    "Puts the customer's money right, but a safety incident must be escalated "
                    "so the product can be investigated and other customers protected."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Ask them to email photos of the heater and the floor, and decide on a "
                    "refund or replacement once you've seen the damage."
                ),
                "credit": 0,
                "rationale": (
                    "Delays a safety issue, and the decision is not the associate's to make alone."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Check they're safe and the heater is unplugged, then escalate it now as a "
                    "product-safety incident."
                ),
                "credit": 2,
                "rationale": (
                    "Safety first, then the right escalation route straight away; the refund "
                    "and the customer's update follow from there."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Give them the manufacturer's contact details, since a fault in the product "
                    "itself is covered by the manufacturer's warranty."
                ),
                "credit": 0,
                "rationale": (
                    "Passes the customer on when the company that sold the product owns the "
                    "problem, and the incident goes unrecorded."
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
            "You promised to call a customer back by 4 pm today with news about a delayed "
            "order. At 3:30 pm the warehouse still hasn't answered you."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Wait for the warehouse so you have real news, and call the customer as "
                    "soon as you hear, even if that's tomorrow."
                ),
                "credit": 0,
                "rationale": (
                    "Breaks the promise; the customer sits waiting for a call that does not come."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Call before 4 pm, say you're still waiting and chasing, and tell them when "
                    "you'll update them next."
                ),
                "credit": 2,
                "rationale": (
                    "Keeps the promise even without news, and sets the next point of contact."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Send a short email before 4 pm saying there's no news yet and that you're "
                    "still waiting on the warehouse."
                ),
                "credit": 1,
                "rationale": (
                    "Keeps them informed, but they were promised a call, and they still don't "
                    "know when they will hear next."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Ask a colleague on the late shift to phone the customer with the news if "
                    "the warehouse replies after you've gone."
                ),
                "credit": 0,
                "rationale": (
                    "The 4 pm promise is broken, and the customer does not know their case has "
                    "changed hands."
                ),
            },
        ],
    },
    ABUSIVE_CALLER,
    {
        "key": "q10",
        "competency": "escalating",
        "scenario": (
            "A customer has been charged twice. You can see both payments, but refunds over "
            "$500 need Level 2 approval, and this one is $640."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Refund $500 now, which you're allowed to do, and tell the customer the "
                    "remaining $140 will follow in a second refund."
                ),
                "credit": 0,
                "rationale": (
                    "Splits the refund to get round an approval limit, which is what the limit "
                    "exists to prevent."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Explain that refunds over $500 are outside what you can do, and give the "
                    "customer the Level 2 team's direct number."
                ),
                "credit": 0,
                "rationale": (
                    "Sends the customer off to chase it themselves; escalating is the "
                    "associate's job, not the customer's."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Escalate to Level 2 with both payment references and what you've told the "
                    "customer, then explain the next steps."
                ),
                "credit": 2,
                "rationale": (
                    "The right route, with everything Level 2 needs to act, and the customer "
                    "knows what to expect."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Ask your team lead to approve it informally over chat, so the customer "
                    "gets the whole refund today without waiting."
                ),
                "credit": 1,
                "rationale": (
                    "Well meant and keeps it inside the chain, but bypasses the process that "
                    "keeps refunds traceable."
                ),
            },
        ],
    },
    {
        "key": "q11",
        "competency": "policy",
        "scenario": (
            "A customer asks you to waive a $15 late-return fee that correctly applies. You "
            "may give goodwill of up to $25 when the company has made a mistake; here it "
            "hasn't."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Waive it: $15 is well within your $25 goodwill limit, and it keeps a "
                    "regular customer happy."
                ),
                "credit": 0,
                "rationale": (
                    "Goodwill is for putting right our mistakes; using it here is inconsistent "
                    "and unfair to customers who paid."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Tell them politely that the fee applies and can't be waived, and move on "
                    "to anything else they need."
                ),
                "credit": 1,
                "rationale": (
                    "Accurate, but without an explanation the customer is likely to feel "
                    "fobbed off and ask again."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Waive it as a one-off, and note it on the account so it isn't waived again "
                    "next time."
                ),
                "credit": 0,
                "rationale": (
                    "The note makes it look controlled, but it is still goodwill used where the "
                    "company made no mistake."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Explain why the fee applies and what it covers, and how they can avoid it "
                    "next time."
                ),
                "credit": 2,
                "rationale": (
                    "Applies the policy fairly and leaves the customer understanding it, which "
                    "prevents a repeat."
                ),
            },
        ],
    },
    {
        "key": "q12",
        "competency": "prioritising",
        "scenario": (
            "Your call has run 12 minutes against a 7-minute average. The customer is nearly "
            "done setting up a replacement order, and 9 callers are waiting in the queue."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Ask the customer if they'd mind calling back later to finish, so you can "
                    "take the next caller in the queue."
                ),
                "credit": 0,
                "rationale": (
                    "Creates a repeat contact and a frustrated customer to save a couple of "
                    "minutes now."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Finish the order properly, with the usual recap, then close; rushing it "
                    "now would probably mean a repeat call."
                ),
                "credit": 2,
                "rationale": (
                    "Handle time matters, but getting it right first time is what keeps the "
                    "queue down."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Finish the order but skip the recap and the confirmation email, since the "
                    "customer already knows what they ordered."
                ),
                "credit": 0,
                "rationale": (
                    "The recap is where errors get caught; skipping it risks a wrong order and "
                    "a second call."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Finish the order, and mention that the queue is long so the customer keeps "
                    "any other questions short."
                ),
                "credit": 1,
                "rationale": (
                    "Completes the task, but passes the pressure of the queue on to the customer."
                ),
            },
        ],
    },
    SPOUSE_ON_THE_LINE,
    {
        "key": "q14",
        "competency": "escalating",
        "scenario": (
            "A customer's order is stuck with a system error you have never seen. The "
            "knowledge base has nothing on it, and the two standard fixes haven't worked."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Keep trying other options in the system yourself; you know it well, and an "
                    "escalation could take a day or two."
                ),
                "credit": 0,
                "rationale": (
                    "Trial and error on a live order can make things worse and leaves no "
                    "record of what was changed."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Apologise, explain it's a system problem, and suggest the customer places "
                    "the order again in a few days' time."
                ),
                "credit": 0,
                "rationale": (
                    "Pushes the problem back to the customer, and the fault is never reported."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Ask a colleague nearby whether they've seen the error before, and escalate "
                    "it only if they haven't."
                ),
                "credit": 1,
                "rationale": (
                    "A reasonable first step, but informal, and it says nothing about keeping "
                    "the customer informed."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Escalate to Level 2 with the exact error and the fixes you tried, and tell "
                    "the customer when they'll hear."
                ),
                "credit": 2,
                "rationale": (
                    "Escalates at the right moment with what Level 2 needs to act, and sets the "
                    "customer's expectations."
                ),
            },
        ],
    },
    REVIEW_THREAT,
    {
        "key": "q16",
        "competency": "ownership",
        "scenario": (
            "On a call about a billing error, you notice that the ZIP code on the customer's "
            "order shipping tomorrow doesn't match the city in the address."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Correct the ZIP code yourself afterwards; the right one is obvious from "
                    "the city name."
                ),
                "credit": 0,
                "rationale": (
                    "Changes the customer's data without confirming it; the city could be the "
                    "mistake rather than the ZIP code."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Fix the billing error only; the address isn't what they called about, and "
                    "raising it would lengthen the call."
                ),
                "credit": 0,
                "rationale": (
                    "Sees a problem that will cost the customer a failed delivery and leaves it."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Mention it before the call ends, confirm the right address with the "
                    "customer and fix both."
                ),
                "credit": 2,
                "rationale": (
                    "Owns the whole outcome for the customer, not just the reason they called, "
                    "and confirms before changing anything."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Fix the billing error, then email the customer afterwards asking them to "
                    "check their address."
                ),
                "credit": 1,
                "rationale": (
                    "Flags it, but the email may not be read before tomorrow's dispatch, when "
                    "the customer is on the line now."
                ),
            },
        ],
    },
    {
        "key": "q17",
        "competency": "follow_up",
        "scenario": (
            "You have sent a customer a replacement for a faulty blender. Before you close the "
            "contact, you need to write your notes."
        ),
        "prompt": "What do you write?",
        "options": [
            {
                "key": "a",
                "text": (
                    "What happened, what you did, the replacement order number and what the "
                    "customer was told."
                ),
                "credit": 2,
                "rationale": (
                    "Anyone who picks up the case next can carry on without asking the "
                    "customer to repeat themselves."
                ),
            },
            {
                "key": "b",
                "text": "'Replacement sent, resolved.' The system records the rest automatically.",
                "credit": 1,
                "rationale": (
                    "Better than nothing, but the next person cannot tell what was sent, when, "
                    "or what was promised."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Nothing yet; you'll write up all of today's notes together at the end of "
                    "your shift."
                ),
                "credit": 0,
                "rationale": (
                    "Details are forgotten by the end of a shift, and the case is undocumented "
                    "if the customer calls back in the meantime."
                ),
            },
            {
                "key": "d",
                "text": (
                    "A copy of the whole conversation, so that nothing the customer said is "
                    "left out of the record."
                ),
                "credit": 0,
                "rationale": (
                    "The conversation is already stored; pasting it hides the key points and "
                    "may copy personal data into notes."
                ),
            },
        ],
    },
    DATA_ACCESS_REQUEST,
    {
        "key": "q19",
        "competency": "prioritising",
        "scenario": (
            "Ten minutes before your shift ends you have a chat that is nearly finished, an "
            "unread message from your team lead marked urgent, and two emails due tomorrow "
            "morning."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Answer the two emails first so they're off your list, then finish the chat "
                    "and read the message."
                ),
                "credit": 0,
                "rationale": (
                    "Leaves a live customer waiting and an urgent message unread for work that "
                    "is not due yet."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Close the chat quickly with a promise to email the customer tomorrow, then "
                    "read the team lead's message."
                ),
                "credit": 1,
                "rationale": (
                    "Reads the urgent message, but abandons a nearly finished chat and creates "
                    "a repeat contact."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Finish the chat and the emails, and leave the team lead's message for "
                    "tomorrow's huddle, since your shift is ending."
                ),
                "credit": 0,
                "rationale": (
                    "Something marked urgent may change what should happen in the next ten minutes."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Glance at the urgent message in case it changes anything, finish the chat "
                    "properly, then hand over the emails."
                ),
                "credit": 2,
                "rationale": (
                    "Checks the one thing that could change priorities, finishes with the live "
                    "customer, and leaves nothing unowned."
                ),
            },
        ],
    },
    {
        "key": "q20",
        "competency": "policy",
        "scenario": (
            "A customer asks you to match a lower price on another website. Your policy covers "
            "identical, in-stock items from a published list of retailers, and this site isn't "
            "on it."
        ),
        "prompt": "What do you do?",
        "options": [
            {
                "key": "a",
                "text": (
                    "Match the price anyway: the difference is small, and losing the sale would "
                    "cost the company more."
                ),
                "credit": 0,
                "rationale": (
                    "Ignores a clear policy, and the next customer who asks will expect the same."
                ),
            },
            {
                "key": "b",
                "text": (
                    "Check the listing against the policy, explain why it doesn't qualify, and "
                    "say what you can offer."
                ),
                "credit": 2,
                "rationale": (
                    "Applies the policy properly, explains it, and keeps helping the customer "
                    "within it."
                ),
            },
            {
                "key": "c",
                "text": (
                    "Decline straight away, explaining that the policy only covers the "
                    "retailers on the published list."
                ),
                "credit": 1,
                "rationale": (
                    "The right answer on policy, but it doesn't check the listing, and it "
                    "leaves the customer with nowhere to go."
                ),
            },
            {
                "key": "d",
                "text": (
                    "Suggest the customer buys from the other website this time, since it's "
                    "cheaper there and the item is the same."
                ),
                "credit": 0,
                "rationale": "Gives up on the customer rather than helping within policy.",
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
        "You will see 20 short situations from a day in customer service. For each one, choose "
        "the response you would actually give. Several options may look reasonable; pick the "
        "best. You have 20 minutes, about a minute for each. Answers are scored automatically, "
        "and some options earn partial credit, so answer every question."
    ),
    "what_we_look_for": [
        "Keeping customers' personal and payment details safe",
        "Calming tense conversations",
        "Applying policy fairly and honestly",
        "Knowing what to do first when several things need you",
        "Escalating at the right time, with the right information",
        "Owning problems and following up as promised",
    ],
    "scenario": (
        "Each situation takes place on the support team of an online shop. Unless a question "
        "says otherwise, you handle phone, chat and email; you confirm three details (name, "
        "ZIP code and date of birth) before changing an account; you never write a card number "
        "into notes or chat; and you escalate to Level 2 anything beyond your authority."
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
        "label": "Strong call: full check, specific empathy, every policy applied",
        "response": {
            "turns": {
                "t1": (
                    "Good afternoon, thank you for calling Larkspur Home, you're speaking with "
                    "Alex. I'm sorry the order has given you so much trouble; I'll stay with "
                    "you and get it sorted on this call. Could I start with your full name and "
                    "the order number?"
                ),
                "t2": (
                    "Thank you, Ms Okafor, I have the order. Before I go into it, I need two "
                    "more details to make sure I'm speaking to the account holder: the ZIP "
                    "code and the date of birth on the account, please."
                ),
                "t3": (
                    "Thank you, both of those match. I know it's tedious when you just want it "
                    "fixed. Tell me what's happened with the order."
                ),
                "t4": (
                    "Oh no. You paid for express precisely so it would be there for your "
                    "mother's seventieth, and instead it came six days late with a broken leg. "
                    "I'm really sorry; that's not the service you paid for, and I'm sorry it "
                    "spoiled the party. I can see it was promised for the 3rd and delivered "
                    "yesterday. Is anything else wrong with the order?"
                ),
                "t5": (
                    "Thank you for telling me. Yes, I can see two payments of $348.95 on 31 "
                    "October, and our system has flagged the second one as a duplicate. That's "
                    "our mistake too, and I'll put it right on this call."
                ),
                "t6": (
                    "Ms Okafor, sorry to stop you there, please don't read any more of that "
                    "out. I never need your card details, and it's safest not to share them on "
                    "the phone. I can see both payments on the order without them."
                ),
                "t7": (
                    "Here's what I can do. I'm reversing the duplicate $348.95 now; it'll be "
                    "back in your account within 3 to 5 business days. Because we missed the "
                    "date you paid express for, I'm refunding the $19.95 express fee too. For "
                    "the table, it's your choice of a replacement or a full refund. We have the "
                    "Hollis in stock, and if I send it express today it arrives this Thursday, "
                    "the 12th. Would you like me to do that?"
                ),
                "t8a": (
                    "That's a fair question after last time. The table is in our warehouse "
                    "today, so there's no waiting for stock, and I'll email you the tracking "
                    "link as soon as it's on its way. If it doesn't arrive on Thursday, or "
                    "arrives damaged, call us with your case reference and you can have the "
                    "full refund instead. Shall I go ahead?"
                ),
                "t9": (
                    "I'm sorry. After six years with us, this is the last thing you should "
                    "have had to deal with. My team lead can call you back within four business "
                    "hours if you'd still like that. I'd also like to make up for the trouble, "
                    "so I'm adding a $25 goodwill credit to your account. Would you like the "
                    "callback, or shall we finish arranging everything first?"
                ),
                "t10": (
                    "You won't need to lift a thing or wait in for a separate collection. The "
                    "couriers bringing the new table on Thursday can take the broken one away "
                    "at the same time; they work in pairs and carry furniture in and out, and "
                    "it doesn't need packing."
                ),
                "t11": (
                    "Of course. The duplicate $348.95 and the $19.95 express fee are both "
                    "refunded today, and they'll reach your bank within 3 to 5 business days, "
                    "so by Tuesday the 17th at the latest. There's a $25 credit on your "
                    "account as well. Your new table arrives this Thursday, the 12th, and the "
                    "couriers will take the broken one at the same time. I'll email you all of "
                    "this now."
                ),
                "t12": (
                    "I'm glad I could help, and I'm sorry again about the party. Your case "
                    "reference is CS-58302, and it'll be in the email too. Is there anything "
                    "else I can do for you today? Then thank you for calling, Ms Okafor, and I "
                    "hope the new table is everything you wanted."
                ),
            },
            "branch_choices": {"t7": "t8a"},
        },
        "agreed_levels": {
            "opening_identity": 5,
            "empathy": 5,
            "diagnosis": 4,
            "policy_accuracy": 5,
            "de_escalation": 5,
            "resolution_closing": 5,
        },
        "rationale": {
            "opening_identity": (
                "Greets with name and company and acknowledges the frustration at once (t1); "
                "asks for ZIP code and date of birth before discussing anything, says why, and "
                "confirms the match without reading the details back (t2, t3)."
            ),
            "empathy": (
                "Names the party, the lateness and the broken leg in their own words (t4), "
                "owns the duplicate charge (t5), and comes back to the customer's six years "
                "with us when she asks for a manager (t9), all briefly."
            ),
            "diagnosis": (
                "Asks whether anything else is wrong (t4), which brings out the double charge, "
                "and confirms both payments and the delivery dates against the screen (t4, "
                "t5). Level 5 would also have summed the whole problem up before offering a "
                "fix."
            ),
            "policy_accuracy": (
                "Stops the card number immediately without repeating it and explains why (t6); "
                "applies the duplicate reversal, the express fee refund and the customer's "
                "choice of replacement or refund with correct amounts and times (t7); uses "
                "the swap on delivery (t10) and goodwill within the $25 limit (t9)."
            ),
            "de_escalation": (
                "Meets her doubt with concrete facts and a fallback (t8a) and handles the "
                "manager request by offering the team lead's callback alongside what can be "
                "done now, then lets her choose (t9)."
            ),
            "resolution_closing": (
                "Full recap with amounts, the latest refund date and the delivery date (t11), "
                "case reference, email confirmation, a check for anything else and a warm "
                "close (t12)."
            ),
        },
    },
    {
        "task": "mock_call",
        "key": "cal-call-middling",
        "label": "Middling call: the basics done, but mechanical and incomplete",
        "response": {
            "turns": {
                "t1": "Hello, Larkspur Home, Jordan speaking. How can I help?",
                "t2": "Okay, thanks. Can I also take your ZIP code and date of birth, please?",
                "t3": (
                    "Thanks, so that's 43085 and the 14th of March 1968. Yes, that matches. "
                    "What's the problem with the order?"
                ),
                "t4": (
                    "I'm sorry about that, that's not good. So it came late and one of the legs "
                    "is broken?"
                ),
                "t5": "Oh, right. Okay, let me look at the payments.",
                "t6": "Sorry, you don't need to give me that, it's fine.",
                "t7": (
                    "Okay, so I can refund the second payment, and for the table I can do you a "
                    "full refund once we've collected it."
                ),
                "t8b": (
                    "Well, a refund is what we normally do for damaged items. But I can do a "
                    "replacement if you'd rather; it's in stock."
                ),
                "t9": "I understand. I can get my manager to give you a call back if you want.",
                "t10": (
                    "We can book a collection for you. There are weekday slots from Thursday, "
                    "mornings or afternoons, and they'll come to the door."
                ),
                "t11": (
                    "So the second payment will be refunded, you'll get the replacement table "
                    "on Thursday, and we'll collect the broken one. The refund should take 3 to "
                    "5 days."
                ),
                "t12": "No problem. Thanks for calling, bye.",
            },
            "branch_choices": {"t7": "t8b"},
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
                "the account, but gives no reason and reads the ZIP code and date of birth back "
                "aloud (t3)."
            ),
            "empathy": (
                "Apologises and refers to the lateness and the broken leg (t4) but not to the "
                "birthday, and says nothing about the double charge beyond 'oh, right' (t5)."
            ),
            "diagnosis": (
                "Picks up all three problems (t4, t5), but never confirms the duplicate "
                "payment or the amounts against the screen."
            ),
            "policy_accuracy": (
                "Stops the card number without saying why (t6). Leaves out the express fee "
                "refund, and says the table refund comes once it is collected, where the "
                "policy issues it as soon as the collection is booked (t7)."
            ),
            "de_escalation": (
                "Answers the customer's disappointment defensively ('what we normally do', "
                "t8b) and offers the manager at once without trying to help first (t9)."
            ),
            "resolution_closing": (
                "Every problem ends up with an outcome (t11), but there is no express fee, no "
                "date for the money, no case reference, no check for anything else, and the "
                "close is abrupt (t12)."
            ),
        },
    },
    {
        "task": "mock_call",
        "key": "cal-call-weak",
        "label": "Weak call: late identity check, defensive, asks for the card",
        "response": {
            "turns": {
                "t1": "Larkspur Home. What's the order number?",
                "t2": (
                    "Yes, I've got it, the coffee table, delivered yesterday. Can I take your "
                    "ZIP and date of birth as well?"
                ),
                "t3": "Okay. What's wrong with it?",
                "t4": (
                    "Okay, the couriers must have dropped it. Delivery dates are only an "
                    "estimate, so that can happen."
                ),
                "t5": (
                    "That's probably just a pending authorisation. It'll drop off in a few days."
                ),
                "t6": "Okay, hold on, let me note that down. What's the expiry?",
                "t7": (
                    "I can refund the table once it's back in our warehouse. That usually takes "
                    "about two weeks."
                ),
                "t8b": "A refund is the standard policy for damaged items, I'm afraid.",
                "t9": "I can ask my manager to call you, but they'll tell you the same thing.",
                "t10": "You'll need to book the collection online; there's a link in your email.",
                "t11": (
                    "So we'll refund the table when it's back with us, and the other payment "
                    "should sort itself out."
                ),
                "t12": "Okay, bye.",
            },
            "branch_choices": {"t7": "t8b"},
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
                "Gives the company name but no greeting or name (t1), and discusses the order "
                "and its delivery before asking for the ZIP code and date of birth (t2); the "
                "details are never confirmed (t3)."
            ),
            "empathy": (
                "No apology at any point; blames the couriers and excuses the late delivery as "
                "an estimate, although express had a promised date (t4)."
            ),
            "diagnosis": (
                "Deals with the damage, but dismisses the double charge as a pending "
                "authorisation, which contradicts the screen's duplicate flag (t5)."
            ),
            "policy_accuracy": (
                "Invites the card details and asks for the expiry (t6). Says the refund waits "
                "for the table to return, against the policy, and never mentions the express "
                "fee (t7); denies the replacement she is entitled to choose (t8b)."
            ),
            "de_escalation": (
                "Stays polite on the surface but is defensive throughout: refuses her wish for "
                "the table (t8b) and undermines the manager request (t9). It does not tip into "
                "arguing, which keeps it off level 1."
            ),
            "resolution_closing": (
                "Only the table gets an outcome, and a wrong one; the duplicate payment is left "
                "to 'sort itself out', the customer is sent off to book her own collection, "
                "and there is no reference or close (t10 to t12)."
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "cal-written-strong",
        "label": "Strong hand-off and reply: complete, exact, safe",
        "response": {
            "handoff": (
                "URGENT: refund to a closed card needs reissuing by bank transfer before "
                "Friday 6 Nov.\n\n"
                "Request: please send Priya Raman's refund of $1,249.00 by bank transfer, "
                "collecting her bank details through the secure link, by Wednesday 4 Nov so it "
                "reaches her before her deposit is due on Friday 6 Nov.\n\n"
                "What happened:\n"
                "- Order LH-4390617, Bramble three-seat sofa, $1,249.00. Collected 12 Oct "
                "(CL-77302), received and passed inspection 16 Oct.\n"
                "- Refund RF-118204 sent to the original card 17 Oct; failed 27 Oct, gateway "
                "response 05 (card account closed). Her bank replaced the card in early "
                "October after fraud.\n"
                "- Tom's email of 20 Oct told her the refund was on its way; that was before it "
                "failed.\n"
                "- Jess retried RF-118204 twice on 29 Oct (same response 05) and promised a "
                "callback by Fri 30 Oct. The callback didn't happen, and I can't find a "
                "referral to you on the ticket.\n\n"
                "Impact and risk: she needs the money for an apartment deposit due Fri 6 Nov "
                "(moving 9 Nov) and has said she'll ask her bank to reverse the original "
                "payment. Plus member; ticket is High priority.\n\n"
                "Contact: email preferred; phone only weekdays after 5 pm. Please run the "
                "identity check on any call.\n\n"
                "Data: her 28 Oct email contains a full card number. I've flagged it for "
                "removal; please don't copy or use it (refunds can't go to the new card "
                "anyway).\n\n"
                "I've told her: Payments will contact her by the end of Tuesday 3 Nov with the "
                "secure link. I'll check this ticket at noon on Tuesday.\n\n"
                "No action needed: marketing opt-out (done by Jess), Plus points adjustment."
            ),
            "reply": (
                "Dear Priya,\n\n"
                "I'm sorry. You returned the sofa in good time and should have had your "
                "$1,249.00 back weeks ago, and you were promised a call on Friday that never "
                "came. I apologise for both.\n\n"
                "Here is what went wrong: we sent the refund to the card you paid with, and "
                "because your bank had closed that card, the payment came back to us. Refunds "
                "can only go back to the original card, so today I've passed your case, marked "
                "urgent, to our Payments team to send the money by bank transfer instead.\n\n"
                "What happens next: Payments will contact you by the end of Tuesday 3 November "
                "with a secure link for your bank details. If you complete it on Tuesday, the "
                "money should reach your account by Thursday 5 November, ahead of your "
                "deposit. If they need to call, it will be after 5 pm.\n\n"
                "One more thing: your email of 28 October included your new card number. For "
                "your safety I've asked for it to be removed from our records. Please don't "
                "send card or bank details by email; the secure link is the safe way.\n\n"
                "I'll check on your case myself on Tuesday and write to you if anything "
                "changes.\n\n"
                "Kind regards,\n"
                "Alex, Larkspur Home"
            ),
        },
        "agreed_levels": {
            "handoff_completeness": 5,
            "clarity_structure": 5,
            "customer_tone": 5,
            "ticket_accuracy": 5,
            "compliance": 5,
            "next_steps": 5,
        },
        "rationale": {
            "handoff_completeness": (
                "Every key fact is there: references, amount, failure code and cause, both "
                "retries, the missed callback, deadline, chargeback risk, tier and contact "
                "window, plus a precise request and what the customer has been told."
            ),
            "clarity_structure": (
                "The first two lines give the problem, the request and the deadline; the facts "
                "follow under short headings. The reply runs in the order the customer needs: "
                "apology, cause, next steps, a safety note."
            ),
            "customer_tone": (
                "Apologises specifically for the refund and the missed call, explains the "
                "cause without blaming her bank, and writes as one person taking ownership "
                "('I'll check on your case myself')."
            ),
            "ticket_accuracy": (
                "All figures, dates and references match. It reconciles the history, noting "
                "that Tom's 20 October email predates the failure and that no referral was "
                "ever raised."
            ),
            "compliance": (
                "No card number in either text; flags the emailed number for removal; tells "
                "Level 2 to verify identity on calls and use the secure link; tells the "
                "customer kindly why not to email card details."
            ),
            "next_steps": (
                "Both texts give the same plan: Payments by end of Tuesday, money by Thursday "
                "if she completes the link on Tuesday. Adds the candidate's own check at noon "
                "on Tuesday."
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "cal-written-middling",
        "label": "Middling hand-off and reply: mostly right, vague in places",
        "response": {
            "handoff": (
                "Hi Payments team,\n\n"
                "Customer Priya Raman returned a sofa (order LH-4390617) and the refund of "
                "$1,249.00 has not reached her. The refund was sent to her card but failed "
                "because the card was cancelled by her bank after fraud. Jess tried to retry it "
                "but it failed again. The customer needs the money quite urgently as she is "
                "moving house soon and needs it for a deposit. She is getting frustrated and "
                "has mentioned going to her bank.\n\n"
                "Could you please send the refund another way, for example by bank transfer? "
                "She prefers email.\n\n"
                "Thanks,\nJordan"
            ),
            "reply": (
                "Hi Priya,\n\n"
                "Thank you for your email, and I'm very sorry for the trouble you've had with "
                "your refund. I completely understand how frustrating this must be.\n\n"
                "I've looked into it, and the refund couldn't go through because the card you "
                "paid with has been closed. I've now passed your case to our Payments team, "
                "who will be able to send the money another way. They'll be in touch with you "
                "soon to arrange this.\n\n"
                "Sorry again for the inconvenience, and thank you for your patience.\n\n"
                "Best wishes,\nJordan"
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
                "Gives the order, amount, cause and the retry, but not the refund reference, "
                "the Friday 6 November deadline, Jess's broken promise or the after-5 pm "
                "phone window; 'moving house soon' does not tell Level 2 how urgent it is."
            ),
            "clarity_structure": (
                "Readable, but the request sits in the second paragraph and the urgency is "
                "spread across the first; the reply's middle paragraph does the work between "
                "two paragraphs of padding."
            ),
            "customer_tone": (
                "Friendly and apologetic, but general ('the trouble', 'the inconvenience'); it "
                "does not acknowledge the missed callback or the deposit."
            ),
            "ticket_accuracy": (
                "Nothing is wrong, but it is vague where the ticket is exact: no refund "
                "reference or failure code, 'moving house soon' instead of the dates, and "
                "'Jess tried to retry it' without saying twice or when."
            ),
            "compliance": (
                "Keeps sensitive data out of both texts, but does not flag the card number in "
                "the 28 October email, and neither text says how bank details will be "
                "collected safely."
            ),
            "next_steps": (
                "The hand-off sets Payments no deadline, and the reply promises only that "
                "they'll be in touch 'soon', which is not enough against a Friday deadline "
                "and a customer already let down once."
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "cal-written-weak",
        "label": "Weak hand-off and reply: thin, inaccurate, asks for bank details by email",
        "response": {
            "handoff": (
                "Customer says she hasn't had her refund for the sofa. Refund was done on 20 "
                "October by Tom. Looks like there was an error with the card. Customer is "
                "chasing and not happy, she has emailed a few times now. Please can someone "
                "look at this and sort out the refund for her. I've asked her to email her "
                "bank details so you can pay her directly."
            ),
            "reply": (
                "Dear Customer,\n\n"
                "Thank you for contacting Larkspur Home. We have checked your refund and it "
                "was processed on 20 October. Unfortunately it seems your card was cancelled, "
                "so the bank has sent the money back to us. Please reply to this email with "
                "your bank account number and sort code so we can send the refund directly. "
                "Someone from our team will be in touch.\n\n"
                "Regards,\nLarkspur Home Customer Service"
            ),
        },
        "agreed_levels": {
            "handoff_completeness": 2,
            "clarity_structure": 2,
            "customer_tone": 1,
            "ticket_accuracy": 2,
            "compliance": 2,
            "next_steps": 1,
        },
        "rationale": {
            "handoff_completeness": (
                "Says what the problem is in outline but gives no order or refund reference, "
                "no amount, no failure code, nothing about Jess's retries or promise, no "
                "deadline and no contact window."
            ),
            "clarity_structure": (
                "A single run-on paragraph; the request ('sort out the refund') is vague and "
                "sits in the middle."
            ),
            "customer_tone": (
                "'Dear Customer' on a ticket with her name on it; no apology; the failure is "
                "put down to her card; nothing about the missed callback or her deposit."
            ),
            "ticket_accuracy": (
                "Gives the refund date as 20 October (it was issued on 17 October; Tom wrote "
                "on the 20th) and calls the failure 'an error with the card' rather than a "
                "closed account."
            ),
            "compliance": (
                "No card number is copied, which keeps it off level 1, but the customer is "
                "asked to email her bank account details, the insecure route the process "
                "forbids."
            ),
            "next_steps": (
                "'Someone will be in touch' with no owner or time in the reply, and no "
                "deadline for Level 2 in the hand-off."
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
        "label": "Sample call: calm, thorough, replacement path",
        "quality": "strong",
        "response": {
            "turns": {
                "t1": (
                    "Good afternoon, Larkspur Home, this is Chris. I'm sorry to hear something's "
                    "gone wrong; you won't be passed around, I'll look after this myself. Can I "
                    "take your full name and order number, please?"
                ),
                "t2": (
                    "Thanks, Ms Okafor. To protect your account I just need to confirm two more "
                    "things first: your ZIP code and date of birth."
                ),
                "t3": (
                    "That's all confirmed, thank you, and sorry for the hoops. What's happened "
                    "with your order?"
                ),
                "t4": (
                    "I'm so sorry. That table was meant to be part of your mother's big day, you "
                    "paid extra to make sure of it, and it arrived late and broken. I can see "
                    "the delivery was promised for last Tuesday. Is there anything else I "
                    "should know about?"
                ),
                "t5": (
                    "You're right, and I'm sorry. I can see two payments of $348.95 on the same "
                    "day; the second one is a duplicate. So we have three things to fix: the "
                    "late delivery, the broken table and the double charge. Let me go through "
                    "them with you."
                ),
                "t6": (
                    "Can I stop you there, please? I don't need any card details, and for your "
                    "safety it's best not to read them out. I can see both payments here."
                ),
                "t7": (
                    "First, I'm refunding the duplicate $348.95 now; banks take 3 to 5 business "
                    "days to show it. Second, as we missed the express date, I'm refunding the "
                    "$19.95 express fee. For the table, you can choose a replacement or a full "
                    "refund. We have one in stock that can reach you this Thursday. Would you "
                    "like that?"
                ),
                "t8a": (
                    "I completely understand. This one's already in our warehouse, so it goes "
                    "out today with tracking, and I'll email you the link. If Thursday slips at "
                    "all, you can switch to a full refund, no argument."
                ),
                "t9": (
                    "I'm sorry it's come to that, after six years. I can ask my team lead to "
                    "call you within four business hours if you'd like. In the meantime I've "
                    "added a $25 credit to your account for the trouble. Would you like me to "
                    "book that callback?"
                ),
                "t10": (
                    "You won't have to do anything. The couriers bringing the new table on "
                    "Thursday will take the broken one away at the same time, and they'll carry "
                    "it out themselves."
                ),
                "t11": (
                    "Of course. $348.95 and $19.95 are refunded today and will be in your "
                    "account within 3 to 5 business days, so by next Tuesday. There's $25 "
                    "credit on your account. The new table arrives Thursday, and the old one "
                    "goes back with the couriers."
                ),
                "t12": (
                    "You're welcome, and I'm sorry for the trouble. Your reference is CS-58302; "
                    "I'll email you a summary now. Is there anything else? Then take care, and "
                    "I hope Thursday goes smoothly."
                ),
            },
            "branch_choices": {"t7": "t8a"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-good",
        "label": "Sample call: solid, switches from refund to replacement",
        "quality": "good",
        "response": {
            "turns": {
                "t1": (
                    "Hello, you're through to Larkspur Home, my name's Sam. I'm sorry things "
                    "have gone wrong. Could I have your name and the order number?"
                ),
                "t2": (
                    "Thank you. For security, could you also confirm the ZIP code and date of "
                    "birth on the account?"
                ),
                "t3": "Thank you, that's all matched. What's happened?",
                "t4": (
                    "I'm really sorry, that's awful timing with your mother's birthday. I can "
                    "see it was meant to arrive on the 3rd. Let me look at what we can do."
                ),
                "t5": (
                    "I'm sorry, you're right: there are two payments of $348.95. The second is "
                    "a duplicate and I'll refund it."
                ),
                "t6": (
                    "Sorry to interrupt, please don't give me your card number; I don't need "
                    "it, and it isn't safe to share it over the phone."
                ),
                "t7": (
                    "So the duplicate payment goes back to you, which takes 3 to 5 business "
                    "days. For the table I can give you a full refund straight away, and I'll "
                    "refund the express delivery charge too."
                ),
                "t8b": (
                    "Oh, I'm sorry, I should have asked. You can have a replacement instead; "
                    "we have it in stock and it can be with you this Thursday. Would you like "
                    "that?"
                ),
                "t9": (
                    "I'm sorry you feel that way, and I understand. I can have my team lead "
                    "call you back this afternoon. I'd like to finish putting this right for "
                    "you first, if that's okay."
                ),
                "t10": (
                    "The couriers who bring the new table can take the broken one away at the "
                    "same time, so you won't need to move it or wait in twice."
                ),
                "t11": (
                    "The duplicate payment and the express fee are being refunded and should be "
                    "with you within 3 to 5 business days. Your new table comes on Thursday, "
                    "and the broken one goes back with the couriers."
                ),
                "t12": (
                    "Thank you, Ms Okafor. Your case reference is CS-58302. Is there anything "
                    "else I can help with? Have a good afternoon."
                ),
            },
            "branch_choices": {"t7": "t8b"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-middling",
        "label": "Sample call: polite but passive, misses the express fee",
        "quality": "middling",
        "response": {
            "turns": {
                "t1": "Hi, Larkspur Home, how can I help you today?",
                "t2": "Thanks. Can I also have your ZIP code and date of birth?",
                "t3": "Thanks, that's fine. So what's wrong with the order?",
                "t4": "Oh dear, I'm sorry about that. Let me have a look.",
                "t5": "Let me check. Yes, there are two payments. I'll sort that.",
                "t6": "Oh, you don't need to do that, thanks.",
                "t7": (
                    "I'll refund the extra payment. And I can send you a replacement table if "
                    "you like."
                ),
                "t8a": (
                    "I'm sorry about last time. It should be fine this time; it's in stock, so "
                    "it should come quicker."
                ),
                "t9": (
                    "I'm sorry to hear that. I can pass on your feedback, or ask my manager to "
                    "call you."
                ),
                "t10": (
                    "We can arrange a collection. There are morning and afternoon slots from "
                    "Thursday."
                ),
                "t11": (
                    "So you'll get one payment back, and a new table should arrive on Thursday, "
                    "and we'll collect the old one."
                ),
                "t12": "You're welcome. Bye now.",
            },
            "branch_choices": {"t7": "t8a"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-weak",
        "label": "Sample call: never checks identity, vague on the money",
        "quality": "weak",
        "skips_identity_check": True,
        "response": {
            "turns": {
                "t1": "Larkspur Home, how can I help?",
                "t2": (
                    "Yes, I've found it, Maureen. The Hollis coffee table, delivered yesterday."
                ),
                "t3": "Okay, thanks. So what's the problem with it?",
                "t4": (
                    "Sorry about that. It does say express, so it should have been there sooner."
                ),
                "t5": "I'll have to check that with our billing team.",
                "t6": "Okay, thanks, that's fine.",
                "t7": (
                    "For the table I can do a refund. The billing team will look at the double "
                    "payment."
                ),
                "t8b": "Okay. I can do a replacement instead if you'd prefer.",
                "t9": "Okay, I'll put you through to my manager now.",
                "t10": "Someone will be in touch about collecting it.",
                "t11": (
                    "The replacement is on its way, and billing will sort out the payment. It "
                    "shouldn't be long."
                ),
                "t12": "Okay, thank you for calling.",
            },
            "branch_choices": {"t7": "t8b"},
        },
    },
    {
        "task": "mock_call",
        "key": "sample-call-poor",
        "label": "Sample call: abrupt, argues, asks for the card number",
        "quality": "poor",
        "response": {
            "turns": {
                "t1": "Yeah, what's the order number?",
                "t2": "Right, I've got it. What's the ZIP code?",
                "t3": "Okay. What's the issue?",
                "t4": (
                    "We don't guarantee delivery dates, it depends on the couriers. Did you "
                    "check it when it arrived?"
                ),
                "t5": "I can't see anything wrong with the payments on my side.",
                "t6": "Okay, give me the full number again, slowly, so I can check it.",
                "t7": (
                    "I can send another table, but you'll have to pay for the express delivery "
                    "again if you want it quickly."
                ),
                "t8a": "Well, that's up to you. It's the best I can do.",
                "t9": "My manager will just tell you the same thing.",
                "t10": "You'll need to get it to the door for the courier.",
                "t11": "I've told you: we'll send another table. That's it.",
                "t12": "Bye.",
            },
            "branch_choices": {"t7": "t8a"},
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-strong",
        "label": "Sample hand-off and reply: complete and well judged",
        "quality": "strong",
        "response": {
            "handoff": (
                "Priority: High. Refund to closed card; customer's deposit due Fri 6 Nov; "
                "chargeback threatened.\n\n"
                "Please: send $1,249.00 by bank transfer via the secure link, in time to "
                "arrive by Thu 5 Nov.\n\n"
                "Facts:\n"
                "- Priya Raman, Plus member. Order LH-4390617 (Bramble sofa). Returned 12 Oct, "
                "inspected OK 16 Oct.\n"
                "- RF-118204 ($1,249.00) sent to the original card 17 Oct; failed 27 Oct with "
                "response 05, card account closed (card replaced by her bank after fraud).\n"
                "- 29 Oct: Jess retried twice, same result; promised a callback by 30 Oct that "
                "didn't happen; no Payments referral was raised.\n"
                "- She asked us to use a new card; policy doesn't allow it. Her 28 Oct email "
                "contains the full card number: flagged for redaction, not copied here.\n\n"
                "Contact: email any time; phone weekdays after 5 pm only.\n"
                "Customer told: Payments will be in touch by end of Tue 3 Nov. I'll check the "
                "ticket Tuesday midday."
            ),
            "reply": (
                "Dear Priya,\n\n"
                "I'm very sorry. Your refund should have reached you weeks ago, and you "
                "should have had the call Jess promised on Friday. Neither happened, and "
                "that's not good enough.\n\n"
                "The refund was sent to the card you paid with, and because your bank had "
                "closed it, the money came back to us. We can't send refunds to a different "
                "card, so I've asked our Payments team to send the $1,249.00 to your bank "
                "account instead, and marked it urgent because of your deposit.\n\n"
                "Payments will email you a secure link by the end of Tuesday 3 November. Once "
                "you've filled it in, the money takes one to two business days, so it should "
                "arrive by Thursday. Please don't send bank or card details by email; I've "
                "also had the card number in your last email removed for your safety.\n\n"
                "I'll keep an eye on this myself until it's done.\n\n"
                "Best regards,\nChris"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-good",
        "label": "Sample hand-off and reply: accurate, a little light on risk",
        "quality": "good",
        "response": {
            "handoff": (
                "Refund needs reissuing by bank transfer: original card closed.\n\n"
                "Customer: Priya Raman (Plus). Order LH-4390617, sofa returned 12 Oct and "
                "passed inspection 16 Oct. Refund RF-118204 for $1,249.00 went to her card on "
                "17 Oct and failed on 27 Oct (response 05, card account closed). Jess retried "
                "twice on 29 Oct with the same result.\n\n"
                "She needs the money by Friday 6 Nov for a deposit. Jess promised her a "
                "callback on 30 Oct which didn't happen. Phone after 5 pm on weekdays only, "
                "otherwise email.\n\n"
                "Please send the refund by bank transfer using the secure link. I've told her "
                "you'll be in touch by Tuesday."
            ),
            "reply": (
                "Hi Priya,\n\n"
                "I'm sorry your refund still hasn't arrived, and that you didn't get the call "
                "you were promised on Friday.\n\n"
                "The refund couldn't go through because the card you paid with had been "
                "closed. I've asked our Payments team to send the $1,249.00 to your bank "
                "account instead. They'll contact you by Tuesday 3 November with a secure "
                "link to enter your bank details, and the money should then reach you within "
                "one to two business days, before your deposit is due.\n\n"
                "Please don't send card or bank details by email; the link is the safe way to "
                "share them.\n\n"
                "Kind regards,\nSam"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-middling",
        "label": "Sample hand-off and reply: the gist, without the detail",
        "quality": "middling",
        "response": {
            "handoff": (
                "Hello,\n\n"
                "This customer returned a sofa and her refund failed because her card was "
                "cancelled. The refund was $1,249.00. She has been waiting a long time and "
                "was promised a call back that she didn't get. She needs the money for a "
                "deposit so it is urgent. Can you please arrange for the refund to be sent "
                "another way? She says she would like it on her new card.\n\n"
                "Thank you"
            ),
            "reply": (
                "Dear Priya,\n\n"
                "Thank you for getting in touch, and sorry for the delay with your refund. I "
                "can see the payment to your card didn't go through because the card was "
                "cancelled.\n\n"
                "I've escalated this to our Payments team, who will arrange for your refund "
                "to be sent another way. They should be in touch in the next few days.\n\n"
                "Apologies again for the inconvenience.\n\n"
                "Kind regards,\nLarkspur Home"
            ),
        },
    },
    {
        "task": "written_escalation",
        "key": "sample-written-weak",
        "label": "Sample hand-off and reply: thin and defensive",
        "quality": "weak",
        "response": {
            "handoff": (
                "Customer is chasing a refund for a sofa she returned, she says she still hasn't "
                "got it. The refund failed, not sure why, there is something in the notes about "
                "her card. Can you please check and sort it out for her? She is unhappy and saying "
                "she will go to her bank. She also wants a call back as she says nobody called her "
                "last week. Thanks."
            ),
            "reply": (
                "Dear Ms Raman,\n\n"
                "We have looked into your refund. Our records show the refund was sent on 20 "
                "October, so it may be an issue with your bank, and you may want to contact them. "
                "I have passed this to the relevant team and they will contact you when they can. "
                "Please be aware that refunds can take up to 10 business days to appear.\n\n"
                "Regards,\n"
                "Customer Service"
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
                "Refund didn't work for the sofa, $1,249.00, order LH-4390617. Customer wants it "
                "on her new card instead, number is 4012 8888 8888 1881 exp 08/29. Please put it "
                "through on that today as she needs it for her flat deposit, I've told her it will "
                "be done today. She also said something about going to her bank so it needs doing "
                "quickly. Thanks."
            ),
            "reply": (
                "Hi Priya,\n\n"
                "No problem, I've sent your new card details over to our Payments team and they'll "
                "refund your $1,249.00 to the new card today, so you'll have it well before "
                "Friday. Sorry nobody called you back last week, we've been really busy and "
                "short-staffed, so it's not really anyone's fault. Let me know if it doesn't turn "
                "up.\n\n"
                "Thanks,\n"
                "Customer Service"
            ),
        },
    },
]

TEMPLATE = {
    "key": TEMPLATE_KEY,
    "name": "Customer service associate assessment",
    "role_families": [
        "customer_service",
        "customer_experience",
        "team_leadership",
        "training",
        "insights",
    ],
    "summary": (
        "This assessment has three short tasks that mirror a day on our support team: a "
        "10-minute practice call with an upset customer, a 15-minute written hand-off of a "
        "tricky case to our specialists, and 20 everyday situations where you choose the best "
        "response. There are no trick questions; we want to see how you listen, keep "
        "customers' details safe and make sure problems actually get solved."
    ),
    "reviewers_per_response": 2,
    "pass_mark": 60,  # nosec B105 # a pass mark, not a password
    "tasks": [MOCK_CALL, WRITTEN_ESCALATION, QUIZ],
    "calibration": CALIBRATION,
    "sample_responses": SAMPLE_RESPONSES,
}
