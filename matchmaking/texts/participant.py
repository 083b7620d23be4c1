"""Texts of the participant pages (recommendations, requests, agenda, feedback, profile,
availability). Keys start with ``p.``."""

TEXTS: dict[str, dict[str, str]] = {
    # navigation
    "p.nav.recommendations": {"en": "Recommendations", "fr": "Recommandations"},
    "p.nav.requests": {"en": "Requests", "fr": "Demandes"},
    "p.nav.agenda": {"en": "My agenda", "fr": "Mon agenda"},
    "p.nav.feedback": {"en": "Feedback", "fr": "Retours"},
    "p.nav.profile": {"en": "My profile", "fr": "Mon profil"},
    "p.nav.availability": {"en": "Availability", "fr": "Disponibilités"},
    "p.times_in": {"en": "All times are local to the event ({tz}).",
                   "fr": "Toutes les heures sont celles de l'événement ({tz})."},


    # recommendations
    "p.rec.title": {"en": "Who to meet", "fr": "Qui rencontrer"},
    "p.rec.intro": {"en": "Ranked by how well you fit each other, both ways, with the reasons. "
                          "Mark who you must meet: the organisers' scheduler uses your marks.",
                    "fr": "Classés selon votre intérêt mutuel, dans les deux sens, avec les "
                          "raisons. Indiquez qui vous devez rencontrer : le planificateur des "
                          "organisateurs en tient compte."},
    "p.rec.not_scored": {"en": "Your profile has not been scored yet: the organisers update the "
                               "matching after each import. Come back in a moment.",
                         "fr": "Votre profil n'a pas encore été évalué : les organisateurs "
                               "mettent à jour la mise en relation après chaque import. "
                               "Revenez dans un instant."},
    "p.rec.search": {"en": "Search", "fr": "Rechercher"},
    "p.rec.search_hint": {"en": "name, city, words of a profile, sector",
                          "fr": "nom, ville, mots d'un profil, secteur"},
    "p.rec.show": {"en": "Show", "fr": "Afficher"},
    "p.rec.show.recommended": {"en": "Recommended", "fr": "Recommandés"},
    "p.rec.show.must_meet": {"en": "Must meet", "fr": "À rencontrer absolument"},
    "p.rec.show.shortlist": {"en": "Shortlist", "fr": "Présélection"},
    "p.rec.show.no_thanks": {"en": "Hidden (no thanks)", "fr": "Masqués (non merci)"},
    "p.rec.any": {"en": "any", "fr": "tous"},
    "p.rec.sector": {"en": "Sector or theme", "fr": "Secteur ou axe"},
    "p.rec.stage": {"en": "Stage", "fr": "Stade"},
    "p.rec.country": {"en": "Country", "fr": "Pays"},
    "p.rec.language": {"en": "Language", "fr": "Langue"},
    "p.rec.count": {"en": "{count} of {total} possible counterparts match",
                    "fr": "{count} interlocuteurs possibles sur {total} correspondent"},
    "p.rec.none": {"en": "Nobody matches these filters.",
                   "fr": "Personne ne correspond à ces filtres."},
    "p.rec.score_line": {"en": "fit {score:.2f} both ways · they fit what you look for "
                               "{you:.2f} · you fit what they look for {them:.2f}",
                         "fr": "adéquation {score:.2f} dans les deux sens · ils "
                               "correspondent à ce que vous cherchez {you:.2f} · vous "
                               "correspondez à ce qu'ils cherchent {them:.2f}"},
    "p.rec.profile": {"en": "Their profile", "fr": "Leur profil"},
    "p.rec.mark.must_meet": {"en": "Must meet", "fr": "À rencontrer"},
    "p.rec.mark.shortlist": {"en": "Shortlist", "fr": "Présélection"},
    "p.rec.mark.no_thanks": {"en": "No thanks", "fr": "Non merci"},
    "p.rec.unmark": {"en": "Click again to remove the mark",
                     "fr": "Cliquez à nouveau pour retirer la marque"},
    "p.rec.marked.must_meet": {"en": "Marked as must meet.",
                               "fr": "Marqué « à rencontrer absolument »."},
    "p.rec.marked.shortlist": {"en": "Added to your shortlist.",
                               "fr": "Ajouté à votre présélection."},
    "p.rec.marked.no_thanks": {"en": "Hidden from your recommendations (find it under "
                                     "“Hidden”).",
                               "fr": "Masqué de vos recommandations (voir « Masqués »)."},
    "p.rec.marked.none": {"en": "Mark removed.", "fr": "Marque retirée."},
    "p.rec.state.request_sent": {"en": "Request sent, waiting for their answer",
                                 "fr": "Demande envoyée, en attente de leur réponse"},
    "p.rec.state.request_received": {"en": "They asked to meet you",
                                     "fr": "Ils demandent à vous rencontrer"},
    "p.rec.state.meeting_proposed": {"en": "Meeting suggested by the organisers",
                                     "fr": "Rendez-vous proposé par les organisateurs"},
    "p.rec.state.meeting_booked": {"en": "Meeting booked", "fr": "Rendez-vous pris"},
    "p.rec.state.full": {"en": "Fully booked: no more requests", "fr": "Complet : plus de "
                                                                     "demandes possibles"},
    "p.rec.answer": {"en": "Answer their request", "fr": "Répondre à leur demande"},
    "p.rec.not_taking": {"en": "Not taking requests at the moment.",
                         "fr": "N'accepte pas de demandes pour le moment."},
    "p.rec.below_minimum": {"en": "Takes requests from a fit of {minimum:.2f} or more.",
                            "fr": "Accepte les demandes à partir d'une adéquation de "
                                  "{minimum:.2f}."},
    "p.rec.request": {"en": "Request a meeting", "fr": "Demander un rendez-vous"},
    "p.rec.note": {"en": "A note for them (optional)", "fr": "Un mot pour eux (facultatif)"},
    "p.rec.note_hint": {"en": "What you would like to discuss",
                        "fr": "Ce dont vous aimeriez parler"},
    "p.rec.send": {"en": "Send the request", "fr": "Envoyer la demande"},
    "p.rec.more": {"en": "Show {count} more", "fr": "Afficher {count} de plus"},

    # requests
    "p.req.title": {"en": "Meeting requests", "fr": "Demandes de rendez-vous"},
    "p.req.tab.received": {"en": "Received ({count})", "fr": "Reçues ({count})"},
    "p.req.tab.sent": {"en": "Sent ({count})", "fr": "Envoyées ({count})"},
    "p.req.tab.suggested": {"en": "Suggested by the organisers ({count})",
                            "fr": "Proposés par les organisateurs ({count})"},
    "p.req.tab.history": {"en": "Earlier ({count})", "fr": "Précédentes ({count})"},
    "p.req.none_received": {"en": "No request is waiting for your answer.",
                            "fr": "Aucune demande n'attend votre réponse."},
    "p.req.none_sent": {"en": "None of your requests is waiting for an answer.",
                        "fr": "Aucune de vos demandes n'attend de réponse."},
    "p.req.none_history": {"en": "Nothing yet.", "fr": "Rien pour l'instant."},
    "p.req.received_at": {"en": "Received {when} · answer before {expires}",
                          "fr": "Reçue le {when} · à traiter avant le {expires}"},
    "p.req.waiting": {"en": "Waiting for their answer · expires {expires}",
                      "fr": "En attente de leur réponse · expire le {expires}"},
    "p.req.note": {"en": "Their note:", "fr": "Leur message :"},
    "p.req.slot": {"en": "Time slot", "fr": "Créneau"},
    "p.req.earliest": {"en": "The earliest free for both",
                       "fr": "Le plus tôt libre pour tous deux"},
    "p.req.accept": {"en": "Accept", "fr": "Accepter"},
    "p.req.decline": {"en": "Decline", "fr": "Refuser"},
    "p.req.reason": {"en": "Reason (optional)", "fr": "Motif (facultatif)"},
    "p.req.reason_hint": {"en": "e.g. outside our thesis", "fr": "ex. hors de notre thèse"},
    "p.req.withdraw": {"en": "Withdraw", "fr": "Retirer"},
    "p.req.col.date": {"en": "date", "fr": "date"},
    "p.req.col.direction": {"en": "direction", "fr": "sens"},
    "p.req.col.with": {"en": "with", "fr": "avec"},
    "p.req.col.status": {"en": "status", "fr": "état"},
    "p.req.col.reason": {"en": "reason", "fr": "motif"},
    "p.req.dir.in": {"en": "received", "fr": "reçue"},
    "p.req.dir.out": {"en": "sent", "fr": "envoyée"},
    "p.req.sent": {"en": "Request sent. You will find their answer under Requests.",
                   "fr": "Demande envoyée. Vous trouverez leur réponse dans Demandes."},
    "p.req.already_sent": {"en": "You have already asked them: the request is waiting for "
                                 "their answer.",
                           "fr": "Vous le leur avez déjà demandé : la demande attend leur "
                                 "réponse."},
    "p.req.mutual": {"en": "They had asked you too: the meeting is booked. See your agenda.",
                     "fr": "Ils vous l'avaient demandé aussi : le rendez-vous est pris. Voir "
                           "votre agenda."},
    "p.req.accepted": {"en": "Accepted: the meeting is in your agenda.",
                       "fr": "Acceptée : le rendez-vous est dans votre agenda."},
    "p.req.declined": {"en": "Request declined.", "fr": "Demande refusée."},
    "p.req.withdrawn": {"en": "Request withdrawn.", "fr": "Demande retirée."},
    "p.prop.intro": {"en": "Meetings the organisers' scheduler suggests: each is booked once "
                           "both sides accept.",
                     "fr": "Rendez-vous proposés par le planificateur des organisateurs : "
                           "chacun est confirmé quand les deux parties acceptent."},
    "p.prop.none": {"en": "No suggested meeting at the moment.",
                    "fr": "Aucun rendez-vous proposé pour le moment."},
    "p.prop.when": {"en": "{when} · table {table} · {location}",
                    "fr": "{when} · table {table} · {location}"},
    "p.prop.you_accepted": {"en": "You accepted: waiting for the other side",
                            "fr": "Vous avez accepté : en attente de l'autre partie"},
    "p.prop.they_accepted": {"en": "They have already accepted.",
                             "fr": "Ils ont déjà accepté."},
    "p.prop.confirmed": {"en": "Both sides accepted: the meeting is confirmed.",
                         "fr": "Les deux parties ont accepté : le rendez-vous est confirmé."},
    "p.prop.waiting": {"en": "Accepted. It is confirmed as soon as the other side accepts too.",
                       "fr": "Accepté. Il sera confirmé dès que l'autre partie aura accepté."},
    "p.prop.declined": {"en": "Suggestion declined.", "fr": "Proposition refusée."},

    # refusals (the rules of requests and bookings)
    "p.refused.self": {"en": "You cannot request a meeting with yourself.",
                       "fr": "Vous ne pouvez pas vous demander un rendez-vous à vous-même."},
    "p.refused.inactive": {"en": "This participant is no longer taking part.",
                           "fr": "Ce participant ne participe plus à l'événement."},
    "p.refused.kinds": {"en": "These two kinds of participants cannot book a meeting at this "
                              "event.",
                        "fr": "Ces deux types de participants ne peuvent pas prendre "
                              "rendez-vous à cet événement."},
    "p.refused.already_meeting": {"en": "You already have a meeting together.",
                                  "fr": "Vous avez déjà un rendez-vous ensemble."},
    "p.refused.not_taking": {"en": "{organisation} is not taking requests.",
                             "fr": "{organisation} n'accepte pas de demandes."},
    "p.refused.min_fit": {"en": "{organisation} takes requests only from profiles that fit "
                                "its thesis (fit {minimum} or more).",
                          "fr": "{organisation} n'accepte que les demandes de profils proches "
                                "de sa thèse (adéquation {minimum} ou plus)."},
    "p.refused.max_pending": {"en": "You already have {pending} requests waiting for an answer "
                                    "(the limit is {limit}): wait for answers or withdraw one.",
                              "fr": "Vous avez déjà {pending} demandes en attente de réponse "
                                    "(la limite est {limit}) : attendez les réponses ou "
                                    "retirez-en une."},
    "p.refused.full": {"en": "{organisation} is fully booked: {maximum} meetings agreed.",
                       "fr": "{organisation} est complet : {maximum} rendez-vous acceptés."},
    "p.refused.not_yours": {"en": "This is not yours to answer.",
                            "fr": "Ce n'est pas à vous d'y répondre."},
    "p.refused.request_state": {"en": "This request is already {rstatus}.",
                                "fr": "Cette demande est déjà : {rstatus}."},
    "p.refused.meeting_state": {"en": "This meeting is already {status}.",
                                "fr": "Ce rendez-vous est déjà : {status}."},
    "p.refused.no_slot": {"en": "No time slot is free for both of you with a free table: ask "
                                "the organisers' desk.",
                          "fr": "Aucun créneau n'est libre pour vous deux avec une table "
                                "libre : adressez-vous à l'accueil des organisateurs."},
    "p.refused.slot_taken": {"en": "This slot has just been taken: pick another one.",
                             "fr": "Ce créneau vient d'être pris : choisissez-en un autre."},
    "p.refused.slot_not_free": {"en": "That time is no longer free for both of you (or no "
                                      "table is free then): pick another one.",
                                "fr": "Ce créneau n'est plus libre pour vous deux (ou aucune "
                                      "table n'est libre) : choisissez-en un autre."},
    "p.refused.asked_slot_taken": {"en": "The time asked for is no longer free for both of "
                                         "you: pick another time below, then accept.",
                                   "fr": "Le créneau demandé n'est plus libre pour vous deux : "
                                         "choisissez un autre créneau ci-dessous, puis "
                                         "acceptez."},
    "p.refused.other": {"en": "Not possible: {message}", "fr": "Impossible : {message}"},

    "p.refused.locked": {"en": "The organisers have fixed this meeting's time: ask their desk.",
                         "fr": "Les organisateurs ont fixé l'horaire de ce rendez-vous : "
                               "adressez-vous à leur accueil."},
    "p.refused.change_waiting": {"en": "They have already proposed another time: answer it "
                                       "first.",
                                 "fr": "L'autre partie a déjà proposé un autre créneau : "
                                       "répondez-y d'abord."},
    "p.refused.change_state": {"en": "This proposal is already {rstatus}.",
                               "fr": "Cette proposition est déjà : {rstatus}."},
    "p.refused.change_slot_taken": {"en": "That time is no longer free for both of you: the "
                                          "meeting stays where it is. Propose another time.",
                                    "fr": "Ce créneau n'est plus libre pour vous deux : le "
                                          "rendez-vous reste où il est. Proposez un autre "
                                          "créneau."},

    # another time for a confirmed meeting (agenda)
    "p.move.propose": {"en": "Propose another time", "fr": "Proposer un autre créneau"},
    "p.move.intro": {"en": "Times when you are both free and a table is free. The meeting "
                           "moves only once they accept.",
                     "fr": "Créneaux où vous êtes tous deux libres avec une table libre. Le "
                           "rendez-vous ne bouge qu'une fois leur accord donné."},
    "p.move.slot": {"en": "New time", "fr": "Nouveau créneau"},
    "p.move.send": {"en": "Send the proposal", "fr": "Envoyer la proposition"},
    "p.move.no_time": {"en": "No other time is free for both of you with a free table.",
                       "fr": "Aucun autre créneau n'est libre pour vous deux avec une table "
                             "libre."},
    "p.move.sent": {"en": "Proposal sent: the meeting moves once they accept.",
                    "fr": "Proposition envoyée : le rendez-vous sera déplacé une fois leur "
                          "accord donné."},
    "p.move.waiting": {"en": "You proposed {when}: waiting for their answer.",
                       "fr": "Vous avez proposé le {when} : en attente de leur réponse."},
    "p.move.withdraw": {"en": "Withdraw", "fr": "Retirer"},
    "p.move.withdrawn": {"en": "Proposal withdrawn: the meeting stays where it is.",
                         "fr": "Proposition retirée : le rendez-vous reste où il est."},
    "p.move.theirs": {"en": "They propose to move this meeting to **{when}**.",
                      "fr": "L'autre partie propose de déplacer ce rendez-vous au **{when}**."},
    "p.move.accept": {"en": "Accept the new time", "fr": "Accepter le nouveau créneau"},
    "p.move.decline": {"en": "Keep the current time", "fr": "Garder le créneau actuel"},
    "p.move.moved": {"en": "Moved: your agenda and calendar show the new time.",
                     "fr": "Déplacé : votre agenda et votre calendrier montrent le nouveau "
                           "créneau."},
    "p.move.declined": {"en": "Declined: the meeting stays where it is.",
                        "fr": "Refusé : le rendez-vous reste où il est."},

    # free-slot suggestions (home page)
    "p.free.title": {"en": "Free soon, and a good fit", "fr": "Libres bientôt, et proches de vous"},
    "p.free.intro": {"en": "Among your best fits, free at the same time as you in the next "
                           "hours, with a table free then. Asking sends a request for that "
                           "time; it is booked when they say yes.",
                     "fr": "Parmi vos meilleures correspondances, libres en même temps que vous "
                           "dans les prochaines heures, avec une table libre. Demander envoie "
                           "une demande pour ce créneau ; il est réservé quand l'autre partie "
                           "accepte."},
    "p.free.line": {"en": "{organisation} is free at {time}, table {table}, {score:.2f} fit",
                    "fr": "{organisation} est libre à {time}, table {table}, adéquation "
                          "{score:.2f}"},
    "p.free.ask": {"en": "Request this slot", "fr": "Demander ce créneau"},
    "p.req.asked_time": {"en": "They ask for {when}", "fr": "Créneau demandé : {when}"},
    "p.req.asked_option": {"en": "The time asked for: {when}",
                           "fr": "Le créneau demandé : {when}"},
    "p.req.sent_for": {"en": "For {when}", "fr": "Pour le {when}"},

    # agenda
    "p.agenda.title": {"en": "My agenda", "fr": "Mon agenda"},
    "p.agenda.ics": {"en": "Download my agenda (.ics)",
                     "fr": "Télécharger mon agenda (.ics)"},
    "p.agenda.subscribe": {"en": "Subscribe in your calendar app",
                           "fr": "S'abonner dans votre agenda"},
    "p.agenda.subscribe_help": {
        "en": "Your calendar app checks this private address on its own: a meeting that "
              "moves or is cancelled changes there too. Do not share it.",
        "fr": "Votre application d'agenda consulte cette adresse privée d'elle-même : un "
              "rendez-vous déplacé ou annulé y change aussi. Ne la partagez pas."},
    "p.agenda.subscribe_open": {"en": "Open in my calendar app",
                                "fr": "Ouvrir dans mon agenda"},
    "p.agenda.ics_help": {"en": "For your phone or computer calendar; importing it again "
                                "updates the meetings instead of duplicating them.",
                          "fr": "Pour le calendrier de votre téléphone ou ordinateur ; "
                                "l'importer à nouveau met à jour les rendez-vous sans les "
                                "dupliquer."},
    "p.agenda.print": {"en": "Print view", "fr": "Version à imprimer"},
    "p.agenda.print_help": {"en": "A plain list; then print the page from your browser.",
                            "fr": "Une liste simple ; imprimez ensuite la page depuis votre "
                                  "navigateur."},
    "p.agenda.none": {"en": "No meeting yet: request meetings from your recommendations, or "
                            "accept the requests you receive.",
                      "fr": "Aucun rendez-vous pour l'instant : demandez des rendez-vous depuis "
                            "vos recommandations, ou acceptez les demandes reçues."},
    "p.agenda.when": {"en": "**{start}–{end}** · table **{table}** · {location}",
                      "fr": "**{start}–{end}** · table **{table}** · {location}"},
    "p.agenda.contact": {"en": "Contact: {contact}", "fr": "Contact : {contact}"},
    "p.agenda.no_contact": {"en": "Contact details appear here once the meeting is confirmed.",
                            "fr": "Les coordonnées apparaissent ici une fois le rendez-vous "
                                  "confirmé."},
    "p.agenda.why": {"en": "Why this meeting", "fr": "Pourquoi ce rendez-vous"},
    "p.agenda.answer": {"en": "Suggested by the organisers: accept or decline it under Requests",
                        "fr": "Proposé par les organisateurs : acceptez-le ou refusez-le dans "
                              "Demandes"},
    "p.agenda.called_off": {"en": "Called off ({count})", "fr": "Annulés ({count})"},
    "p.agenda.col.time": {"en": "time", "fr": "heure"},
    "p.agenda.col.table": {"en": "table", "fr": "table"},
    "p.agenda.col.with": {"en": "with", "fr": "avec"},
    "p.agenda.col.status": {"en": "status", "fr": "état"},
    "p.agenda.col.contact": {"en": "contact", "fr": "contact"},
    "p.agenda.col.reason": {"en": "reason", "fr": "motif"},

    # feedback
    "p.fb.title": {"en": "Feedback on my meetings", "fr": "Retours sur mes rendez-vous"},
    "p.fb.intro": {"en": "A minute per meeting: it tells the organisers what worked, and "
                         "teaches the matching what a good fit is.",
                   "fr": "Une minute par rendez-vous : cela indique aux organisateurs ce qui "
                         "a marché, et apprend à la mise en relation ce qu'est une bonne "
                         "adéquation."},
    "p.fb.none": {"en": "Your meetings appear here once they have begun.",
                  "fr": "Vos rendez-vous apparaissent ici une fois commencés."},
    "p.fb.given": {"en": "You have given feedback: saving again updates it.",
                   "fr": "Vous avez donné votre retour : l'enregistrer à nouveau le met à "
                         "jour."},
    "p.fb.took_place": {"en": "Did the meeting take place?",
                        "fr": "Le rendez-vous a-t-il eu lieu ?"},
    "p.fb.yes": {"en": "yes", "fr": "oui"},
    "p.fb.no": {"en": "no", "fr": "non"},
    "p.fb.rating": {"en": "How useful was it?", "fr": "Quelle utilité ?"},
    "p.fb.follow_up": {"en": "What next?", "fr": "Et ensuite ?"},
    "p.fb.follow.none": {"en": "nothing planned", "fr": "rien de prévu"},
    "p.fb.follow.call": {"en": "a call", "fr": "un appel"},
    "p.fb.follow.second_meeting": {"en": "a second meeting", "fr": "un deuxième rendez-vous"},
    "p.fb.follow.investment": {"en": "an investment discussion",
                               "fr": "une discussion d'investissement"},
    "p.fb.follow.pilot": {"en": "a pilot", "fr": "un pilote"},
    "p.fb.comment": {"en": "Comment (optional)", "fr": "Commentaire (facultatif)"},
    "p.fb.save": {"en": "Save my feedback", "fr": "Enregistrer mon retour"},
    "p.fb.saved": {"en": "Thank you: feedback saved.", "fr": "Merci : retour enregistré."},

    # profile
    "p.profile.title": {"en": "My profile", "fr": "Mon profil"},
    "p.profile.intro": {"en": "What others see of {organisation}, and what the matching "
                              "reads. Contact details are never shown before a meeting is "
                              "confirmed.",
                        "fr": "Ce que les autres voient de {organisation}, et ce que lit la "
                              "mise en relation. Vos coordonnées ne sont jamais montrées avant "
                              "qu'un rendez-vous soit confirmé."},
    "p.profile.about": {"en": "About us", "fr": "Qui sommes-nous"},
    "p.profile.about_help": {"en": "Who you are and what you do, in a few sentences, in any "
                                   "language.",
                             "fr": "Qui vous êtes et ce que vous faites, en quelques phrases, "
                                   "dans toute langue."},
    "p.profile.looking_for": {"en": "What we look for", "fr": "Ce que nous cherchons"},
    "p.profile.looking_for_help": {"en": "Investors, partners, pilots, clients…: be specific, "
                                         "the matching compares this with others' offers.",
                                   "fr": "Investisseurs, partenaires, pilotes, clients… : "
                                         "soyez précis, la mise en relation le compare aux "
                                         "offres des autres."},
    "p.profile.offering": {"en": "What we offer", "fr": "Ce que nous offrons"},
    "p.profile.offering_help": {"en": "What you bring to a partner or investor.",
                                "fr": "Ce que vous apportez à un partenaire ou investisseur."},
    "p.profile.portfolio": {"en": "Portfolio", "fr": "Portefeuille"},
    "p.profile.portfolio_help": {"en": "Start-ups you have backed or worked with, one per line, "
                                       "with what they do and where (e.g. \"Qatra Meter, prepaid "
                                       "water meters, Casablanca\"): we recommend more like them.",
                                 "fr": "Start-ups que vous avez financées ou accompagnées, une "
                                       "par ligne, avec leur activité et leur ville (ex. "
                                       "« Qatra Meter, compteurs d'eau prépayés, Casablanca ») : "
                                       "nous vous en recommandons de semblables."},
    "p.profile.sectors": {"en": "Sectors and themes", "fr": "Secteurs et axes"},
    "p.profile.sectors_help": {"en": "Pick from the list (▸ = a thematic axis of the "
                                     "programme), or type a tag of your own.",
                               "fr": "Choisissez dans la liste (▸ = un axe thématique du "
                                     "programme), ou saisissez votre propre mot-clé."},
    "p.profile.stage": {"en": "Stage", "fr": "Stade"},
    "p.profile.no_stage": {"en": "not given", "fr": "non précisé"},
    "p.profile.stages": {"en": "Stages", "fr": "Stades"},
    "p.profile.languages": {"en": "Languages", "fr": "Langues"},
    "p.profile.ask_min": {"en": "Amount sought, from (€)", "fr": "Montant recherché, de (€)"},
    "p.profile.ask_max": {"en": "Amount sought, up to (€)",
                          "fr": "Montant recherché, jusqu'à (€)"},
    "p.profile.ticket_min": {"en": "Ticket, from (€)", "fr": "Ticket, de (€)"},
    "p.profile.ticket_max": {"en": "Ticket, up to (€)", "fr": "Ticket, jusqu'à (€)"},
    "p.profile.amount_help": {"en": "e.g. 150000, 150k or 1.5M", "fr": "ex. 150000, 150k ou 1,5M"},
    "p.profile.country": {"en": "Country", "fr": "Pays"},
    "p.profile.countries": {"en": "Countries (where you invest or operate; first = "
                                  "headquarters)",
                            "fr": "Pays (où vous investissez ou opérez ; le premier = siège)"},
    "p.profile.countries_help": {"en": "Regions such as Africa or MENA are allowed.",
                                 "fr": "Les régions comme Afrique ou MENA sont possibles."},
    "p.profile.save": {"en": "Save my profile", "fr": "Enregistrer mon profil"},
    "p.profile.not_saved": {"en": "Nothing was saved: correct the fields above.",
                            "fr": "Rien n'a été enregistré : corrigez les champs ci-dessus."},
    "p.profile.err.amount": {"en": "Not an amount: write it like 150000, 150k or 1.5M.",
                             "fr": "Montant invalide : écrivez-le comme 150000, 150k ou 1,5M."},
    "p.profile.err.ticket_order": {"en": "The lower amount is greater than the upper one.",
                                   "fr": "Le montant minimum dépasse le maximum."},
    "p.profile.err.one_stage": {"en": "A start-up gives its own stage, one only.",
                                "fr": "Une start-up indique son propre stade, un seul."},
    "p.profile.embedding": {"en": "Updating the matching with your new texts… {done}/{total}",
                            "fr": "Mise à jour de la mise en relation avec vos nouveaux "
                                  "textes… {done}/{total}"},
    "p.profile.saved": {"en": "Saved: {fields}.", "fr": "Enregistré : {fields}."},
    "p.profile.unchanged": {"en": "Nothing changed.", "fr": "Rien n'a changé."},
    "p.profile.embedded": {"en": "{count} profile text(s) re-read by the matching.",
                           "fr": "{count} texte(s) de profil relu(s) par la mise en relation."},
    "p.profile.embed_later": {"en": "Saved, but the matching model is not available right now: "
                                    "your new texts will count once the organisers update the "
                                    "matching.",
                              "fr": "Enregistré, mais le modèle de mise en relation n'est pas "
                                    "disponible pour l'instant : vos nouveaux textes compteront "
                                    "dès que les organisateurs mettront à jour la mise en "
                                    "relation."},
    "p.profile.requests": {"en": "Meeting requests", "fr": "Demandes de rendez-vous"},
    "p.profile.accepting": {"en": "I take meeting requests",
                            "fr": "J'accepte les demandes de rendez-vous"},
    "p.profile.accepting_help": {"en": "Off: nobody can send you a new request (the organisers' "
                                       "suggestions still reach you).",
                                 "fr": "Désactivé : personne ne peut vous envoyer de nouvelle "
                                       "demande (les propositions des organisateurs vous "
                                       "parviennent toujours)."},
    "p.profile.min_score": {"en": "Only from a fit of at least (0 = everyone)",
                            "fr": "Seulement à partir d'une adéquation de (0 = tout le monde)"},
    "p.profile.min_score_help": {"en": "Requests from profiles below this two-way fit are "
                                       "refused, with a polite message: no off-thesis flood.",
                                 "fr": "Les demandes de profils en dessous de cette adéquation "
                                       "sont refusées, avec un message courtois : pas "
                                       "d'avalanche hors thèse."},
    "p.profile.save_requests": {"en": "Save", "fr": "Enregistrer"},
    "p.profile.requests_saved": {"en": "Saved.", "fr": "Enregistré."},

    # availability
    "p.avail.title": {"en": "My availability", "fr": "Mes disponibilités"},
    "p.avail.intro": {"en": "Select the slots when you cannot meet: nobody will book you then. "
                            "● marks a slot where you already have a meeting.",
                      "fr": "Sélectionnez les créneaux où vous n'êtes pas disponible : "
                            "personne ne vous y donnera rendez-vous. ● signale un créneau où "
                            "vous avez déjà un rendez-vous."},
    "p.avail.no_slots": {"en": "The organisers have not set the time slots yet.",
                         "fr": "Les organisateurs n'ont pas encore défini les créneaux."},
    "p.avail.blocked": {"en": "Not available at", "fr": "Indisponible à"},
    "p.avail.breaks": {"en": "Breaks: {breaks}", "fr": "Pauses : {breaks}"},
    "p.avail.meetings": {"en": "Your meetings: {meetings}", "fr": "Vos rendez-vous : {meetings}"},
    "p.avail.save": {"en": "Save my availability", "fr": "Enregistrer mes disponibilités"},
    "p.avail.saved": {"en": "Saved: {count} slot(s) blocked.",
                      "fr": "Enregistré : {count} créneau(x) bloqué(s)."},
    "p.avail.unchanged": {"en": "Nothing changed.", "fr": "Rien n'a changé."},
    "p.avail.conflict": {"en": "{day} {time}: you already have a meeting with {organisation} "
                               "then. Cancel it with them or ask the organisers' desk.",
                         "fr": "{day} {time} : vous avez déjà un rendez-vous avec "
                               "{organisation} à ce moment. Annulez-le avec eux ou adressez-vous "
                               "à l'accueil des organisateurs."},
}
