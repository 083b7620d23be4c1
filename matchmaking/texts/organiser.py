"""Texts of the organiser console (keys start with ``o.``)."""

TEXTS: dict[str, dict[str, str]] = {
    # navigation
    "o.nav.setup": {"en": "Event set-up", "fr": "Configuration"},
    "o.nav.registrations": {"en": "Registrations", "fr": "Inscriptions"},
    "o.nav.runs": {"en": "Matching & scheduling", "fr": "Mise en relation et planning"},
    "o.nav.grid": {"en": "Meeting grid", "fr": "Grille des rendez-vous"},
    "o.nav.checkin": {"en": "Check-in", "fr": "Accueil"},
    "o.nav.analytics": {"en": "Analytics", "fr": "Statistiques"},
    "o.nav.exports": {"en": "Exports", "fr": "Exports"},
    # conflicts and refusals (organiser_storage codes)
    "o.err.break": {"en": "{when} is a break, not a meeting slot.",
                    "fr": "{when} est une pause, pas un créneau de rendez-vous."},
    "o.err.table_inactive": {"en": "Table {table} is not in use.",
                             "fr": "La table {table} n'est pas utilisée."},
    "o.err.table_taken": {"en": "Table {table} is taken at {when} by {a} and {b}: swap the two "
                                "meetings instead.",
                          "fr": "La table {table} est occupée à {when} par {a} et {b} : "
                                "échangez plutôt les deux rendez-vous."},
    "o.err.person_busy": {"en": "{who} already has a meeting at {when} (table {table}).",
                          "fr": "{who} a déjà un rendez-vous à {when} (table {table})."},
    "o.err.person_unavailable": {"en": "{who} is not available at {when}.",
                                 "fr": "{who} n'est pas disponible à {when}."},
    "o.err.race": {"en": "That place was just taken by someone else: look at the grid again.",
                   "fr": "Cette place vient d'être prise : regardez à nouveau la grille."},
    "o.err.capacity": {"en": "A table seats at least 2 people.",
                       "fr": "Une table accueille au moins 2 personnes."},
    "o.err.locked": {"en": "This meeting is locked: unlock it first.",
                     "fr": "Ce rendez-vous est verrouillé : déverrouillez-le d'abord."},
    "o.err.no_such_day": {"en": "{day} is not a day of the event.",
                          "fr": "{day} n'est pas un jour de l'événement."},
    "o.err.not_live": {"en": "This meeting is {status}: only live meetings can change place or "
                             "be locked.",
                       "fr": "Ce rendez-vous est « {status} » : seuls les rendez-vous actifs "
                             "peuvent changer de place ou être verrouillés."},
    "o.err.same_meeting": {"en": "Choose two different meetings.",
                           "fr": "Choisissez deux rendez-vous différents."},
    "o.err.table_busy": {"en": "Table {table} still has {count} live meetings: move or cancel "
                               "them first.",
                         "fr": "La table {table} a encore {count} rendez-vous actifs : "
                               "déplacez-les ou annulez-les d'abord."},
    "o.err.table_name_empty": {"en": "A table needs a name.", "fr": "Une table doit avoir un nom."},
    "o.err.one_line": {"en": "“{text}” holds line breaks or control characters: write it on "
                             "one line.",
                       "fr": "« {text} » contient des retours à la ligne ou des caractères de "
                             "contrôle : écrivez-le sur une ligne."},
    "o.err.table_name_taken": {"en": "A table named {name} already exists.",
                               "fr": "Une table nommée {name} existe déjà."},
    # event set-up
    "o.setup.title": {"en": "Event set-up", "fr": "Configuration de l'événement"},
    "o.setup.tab.days": {"en": "Days and slots", "fr": "Jours et créneaux"},
    "o.setup.tab.tables": {"en": "Tables", "fr": "Tables"},
    "o.setup.tab.rules": {"en": "Rules", "fr": "Règles"},
    "o.setup.slots_locked": {
        "en": "{count} meetings exist: days, opening hours, breaks and the slot length can no "
              "longer change (the meetings would lose their slots). Tables and rules still can.",
        "fr": "{count} rendez-vous existent : les jours, horaires, pauses et la durée des "
              "créneaux ne peuvent plus changer (les rendez-vous perdraient leur créneau). Les "
              "tables et les règles, si."},
    "o.setup.day_slots": {"en": "{day}: {count} meeting slots", "fr": "{day} : {count} créneaux"},
    "o.setup.no_slots": {"en": "No meeting slots yet.", "fr": "Aucun créneau pour l'instant."},
    "o.setup.name": {"en": "Event name", "fr": "Nom de l'événement"},
    "o.setup.venue": {"en": "Venue", "fr": "Lieu"},
    "o.setup.city": {"en": "City", "fr": "Ville"},
    "o.setup.slot_minutes": {"en": "Slot length (minutes)", "fr": "Durée d'un créneau (minutes)"},
    "o.setup.days_help": {"en": "One row per day. Breaks: 'HH:MM-HH:MM label', separated by ';'.",
                          "fr": "Une ligne par jour. Pauses : « HH:MM-HH:MM libellé », "
                                "séparées par « ; »."},
    "o.setup.col.date": {"en": "Date", "fr": "Date"},
    "o.setup.col.opens": {"en": "Opens", "fr": "Ouverture"},
    "o.setup.col.closes": {"en": "Closes", "fr": "Fermeture"},
    "o.setup.col.breaks": {"en": "Breaks", "fr": "Pauses"},
    "o.setup.save_event": {"en": "Save days and slots", "fr": "Enregistrer jours et créneaux"},
    "o.setup.event_saved": {"en": "Saved: {days} days, {slots} meeting slots.",
                            "fr": "Enregistré : {days} jours, {slots} créneaux."},
    "o.setup.invalid": {"en": "This set-up cannot be used: {error}",
                        "fr": "Cette configuration n'est pas utilisable : {error}"},
    "o.setup.refused": {"en": "Not saved: {error}", "fr": "Non enregistré : {error}"},
    "o.setup.tables_count": {"en": "{active} tables in use, of {total}.",
                             "fr": "{active} tables utilisées sur {total}."},
    "o.setup.table_names": {"en": "New tables", "fr": "Nouvelles tables"},
    "o.setup.table_names_help": {"en": "A range such as T31..T40, or names separated by commas.",
                                 "fr": "Une série comme T31..T40, ou des noms séparés par des "
                                       "virgules."},
    "o.setup.capacity": {"en": "Seats", "fr": "Places"},
    "o.setup.location": {"en": "Location / meeting point", "fr": "Emplacement / point de rencontre"},
    "o.setup.add_tables": {"en": "Add tables", "fr": "Ajouter les tables"},
    "o.setup.no_table_names": {"en": "Give the names of the tables to add.",
                               "fr": "Indiquez les noms des tables à ajouter."},
    "o.setup.tables_added": {"en": "{count} tables added ({first} … {last}).",
                             "fr": "{count} tables ajoutées ({first} … {last})."},
    "o.setup.tables_existed": {"en": "Already there: {names}.", "fr": "Déjà présentes : {names}."},
    "o.setup.tables_edit_help": {"en": "Rename, change seats or location, or untick 'in use' "
                                       "to take a table out; then save.",
                                 "fr": "Renommez, changez les places ou l'emplacement, ou "
                                       "décochez « utilisée » pour retirer une table ; puis "
                                       "enregistrez."},
    "o.setup.col.table": {"en": "Table", "fr": "Table"},
    "o.setup.col.active": {"en": "In use", "fr": "Utilisée"},
    "o.setup.col.live": {"en": "Live meetings", "fr": "Rendez-vous actifs"},
    "o.setup.save_tables": {"en": "Save tables", "fr": "Enregistrer les tables"},
    "o.setup.tables_saved": {"en": "{count} tables changed.", "fr": "{count} tables modifiées."},
    "o.setup.nothing_changed": {"en": "Nothing changed.", "fr": "Rien n'a changé."},
    # event settings: "setting.<key>" labels the control the set-up form draws for a key of
    # EventSettings; ".help" explains it; ".false"/".true" name a choice's two options
    "setting.allowed_pairs": {"en": "Who may meet whom", "fr": "Qui peut rencontrer qui"},
    "setting.scheduler_publishes": {"en": "Meetings proposed by the scheduler",
                                    "fr": "Rendez-vous proposés par le planificateur"},
    "setting.scheduler_publishes.false": {
        "en": "Double opt-in: both sides accept each proposal",
        "fr": "Double acceptation : chaque côté accepte la proposition"},
    "setting.scheduler_publishes.true": {
        "en": "Confirmed by the organisers: published as confirmed",
        "fr": "Confirmés par les organisateurs : publiés confirmés"},
    "setting.max_pending_requests": {"en": "Requests waiting per participant (max)",
                                     "fr": "Demandes en attente par participant (max)"},
    "setting.request_expiry_hours": {"en": "A request expires after (hours)",
                                     "fr": "Une demande expire après (heures)"},
    "setting.min_meetings_per_startup": {"en": "Minimum meetings per start-up",
                                         "fr": "Minimum de rendez-vous par start-up"},
    "setting.max_meetings_default": {"en": "Default maximum meetings per participant",
                                     "fr": "Maximum de rendez-vous par participant (défaut)"},
    "setting.investor_cap": {"en": "Cap per investor or partner",
                             "fr": "Plafond par investisseur ou partenaire"},
    "setting.investor_cap.help": {"en": "0: no cap beyond their own maximum.",
                                  "fr": "0 : pas de plafond au-delà de leur propre maximum."},
    "setting.interpreters": {"en": "Interpreters available", "fr": "Interprètes disponibles"},
    "setting.interpreters.help": {"en": "Pairs without a shared language may meet.",
                                  "fr": "Des paires sans langue commune peuvent se rencontrer."},
    "o.setup.save_rules": {"en": "Save rules", "fr": "Enregistrer les règles"},
    "o.setup.no_pairs": {"en": "Choose at least one kind of meeting.",
                         "fr": "Choisissez au moins un type de rendez-vous."},
    "o.setup.rules_saved": {"en": "Rules saved ({keys}).", "fr": "Règles enregistrées ({keys})."},
    # registrations
    "o.reg.title": {"en": "Registrations", "fr": "Inscriptions"},
    "o.reg.upload": {"en": "Import registrations", "fr": "Importer des inscriptions"},
    "o.reg.upload_help": {"en": "CSV, XLSX or JSON, as the command line imports them. The whole "
                                "file is checked first; you see what will change before "
                                "anything is written.",
                          "fr": "CSV, XLSX ou JSON, comme en ligne de commande. Tout le fichier "
                                "est vérifié d'abord ; vous voyez ce qui va changer avant que "
                                "rien ne soit écrit."},
    "o.reg.file": {"en": "Registrations file", "fr": "Fichier des inscriptions"},
    "o.reg.invalid": {"en": "{count} problems in {name}: nothing was imported. Fix them and "
                            "upload the file again.",
                      "fr": "{count} problèmes dans {name} : rien n'a été importé. Corrigez-les "
                            "et chargez à nouveau le fichier."},
    "o.reg.col.row": {"en": "Row", "fr": "Ligne"},
    "o.reg.col.column": {"en": "Column", "fr": "Colonne"},
    "o.reg.col.problem": {"en": "Problem", "fr": "Problème"},
    "o.reg.preview": {"en": "{name} is valid. Nothing is written yet: here is what the import "
                            "will do.",
                      "fr": "{name} est valide. Rien n'est encore écrit : voici ce que "
                            "l'import va faire."},
    "o.reg.new": {"en": "New", "fr": "Nouveaux"},
    "o.reg.updated": {"en": "Updated", "fr": "Mis à jour"},
    "o.reg.unchanged": {"en": "Unchanged", "fr": "Inchangés"},
    "o.reg.new_list": {"en": "New participants ({count})", "fr": "Nouveaux participants ({count})"},
    "o.reg.updated_list": {"en": "Updated participants ({count})",
                           "fr": "Participants mis à jour ({count})"},
    "o.reg.warnings": {"en": "Warnings ({count})", "fr": "Avertissements ({count})"},
    "o.reg.columns": {"en": "Columns of this file ({unknown} to check)",
                      "fr": "Colonnes de ce fichier ({unknown} à vérifier)"},
    "o.reg.columns_help": {
        "en": "Choose the profile field each column fills. Your choices are remembered for "
              "the next files.",
        "fr": "Choisissez le champ du profil que remplit chaque colonne. Vos choix sont "
              "gardés pour les fichiers suivants."},
    "o.reg.column_field": {"en": "{header}", "fr": "{header}"},
    "o.reg.column_hint": {"en": "{how} · e.g. {sample}", "fr": "{how} · p. ex. {sample}"},
    "o.reg.how.known": {"en": "known column", "fr": "colonne connue"},
    "o.reg.how.question": {"en": "read from the question", "fr": "lu dans la question"},
    "o.reg.how.choice": {"en": "your choice", "fr": "votre choix"},
    "o.reg.how.unknown": {"en": "not recognised", "fr": "non reconnue"},
    "o.reg.leave_out": {"en": "(leave out)", "fr": "(ignorer)"},
    "o.reg.use_columns": {"en": "Use these columns", "fr": "Utiliser ces colonnes"},
    "o.reg.columns_saved": {"en": "Column choices saved: the file is checked again.",
                            "fr": "Choix des colonnes enregistrés : le fichier est revérifié."},
    "o.reg.rows": {"en": "What each row becomes ({count})",
                   "fr": "Ce que devient chaque ligne ({count})"},
    "o.reg.confirm": {"en": "Import: {new} new, {updated} updated",
                      "fr": "Importer : {new} nouveaux, {updated} mis à jour"},
    "o.reg.nothing_to_import": {"en": "Everyone in this file is already registered as written.",
                                "fr": "Tout le monde dans ce fichier est déjà inscrit tel quel."},
    "o.reg.imported": {"en": "{name}: {new} new and {updated} updated participants imported.",
                       "fr": "{name} : {new} nouveaux et {updated} participants mis à jour "
                             "importés."},
    "o.reg.participants": {"en": "Participants", "fr": "Participants"},
    "o.reg.search_hint": {"en": "organisation, name, e-mail, words of a profile",
                          "fr": "organisation, nom, e-mail, mots d'un profil"},
    "o.reg.include_inactive": {"en": "Include inactive", "fr": "Inclure les inactifs"},
    "o.reg.count": {"en": "{count} participants", "fr": "{count} participants"},
    "o.reg.col.organisation": {"en": "Organisation", "fr": "Organisation"},
    "o.reg.col.contact": {"en": "Contact", "fr": "Contact"},
    "o.reg.col.active": {"en": "Active", "fr": "Actif"},
    "o.reg.col.phone": {"en": "Phone", "fr": "Téléphone"},
    "o.reg.col.city": {"en": "City", "fr": "Ville"},
    "o.reg.col.country": {"en": "Countries", "fr": "Pays"},
    "o.reg.col.languages": {"en": "Languages", "fr": "Langues"},
    "o.reg.col.stages": {"en": "Stages", "fr": "Stades"},
    "o.reg.col.booth": {"en": "Booth", "fr": "Stand"},
    "o.reg.col.ticket_min": {"en": "Ticket min", "fr": "Ticket min"},
    "o.reg.col.ticket_max": {"en": "Ticket max", "fr": "Ticket max"},
    "o.reg.col.max_meetings": {"en": "Max meetings", "fr": "Rendez-vous max"},
    "o.reg.col.website": {"en": "Website", "fr": "Site web"},
    "o.reg.col.about": {"en": "About", "fr": "Présentation"},
    "o.reg.col.looking_for": {"en": "Looking for", "fr": "Recherche"},
    "o.reg.col.offering": {"en": "Offering", "fr": "Offre"},
    "o.reg.col.portfolio": {"en": "Portfolio (one organisation per line)",
                            "fr": "Portefeuille (une organisation par ligne)"},
    "o.reg.col.consent": {"en": "May be listed and recommended",
                          "fr": "Peut être listé et recommandé"},
    "o.reg.pick": {"en": "Edit a participant", "fr": "Modifier un participant"},
    "o.reg.pick_hint": {"en": "Choose a participant", "fr": "Choisissez un participant"},
    "o.reg.edit": {"en": "Profile", "fr": "Profil"},
    "o.reg.save": {"en": "Save the profile", "fr": "Enregistrer le profil"},
    "o.reg.saved": {"en": "Saved ({columns}).", "fr": "Enregistré ({columns})."},
    "o.reg.edit_invalid": {"en": "Not saved: fix these fields.",
                           "fr": "Non enregistré : corrigez ces champs."},
    "o.reg.cancel_meetings": {"en": "Also cancel their meetings", "fr": "Annuler aussi leurs "
                                                                        "rendez-vous"},
    "o.reg.deactivate": {"en": "Deactivate", "fr": "Désactiver"},
    "o.reg.deactivated": {"en": "{name} deactivated; {count} meetings cancelled.",
                          "fr": "{name} désactivé ; {count} rendez-vous annulés."},
    "o.reg.reactivate": {"en": "Reactivate", "fr": "Réactiver"},
    "o.reg.reactivated": {"en": "{name} is active again.", "fr": "{name} est de nouveau actif."},
    "o.reg.codes": {"en": "Access codes and invitations", "fr": "Codes d'accès et invitations"},
    "o.reg.codes_help": {"en": "Each participant signs in with a personal link. A new code "
                               "revokes the old link.",
                         "fr": "Chaque participant se connecte avec un lien personnel. Un "
                               "nouveau code révoque l'ancien lien."},
    "o.reg.base_url": {"en": "Address of the app for the links",
                       "fr": "Adresse de l'application pour les liens"},
    "o.reg.create_codes": {"en": "Create missing codes", "fr": "Créer les codes manquants"},
    "o.reg.codes_ready": {"en": "{count} participants have a code.",
                          "fr": "{count} participants ont un code."},
    "o.reg.new_code": {"en": "New code for {name}", "fr": "Nouveau code pour {name}"},
    "o.reg.code_replaced": {"en": "{name} has a new code; the old link no longer works.",
                            "fr": "{name} a un nouveau code ; l'ancien lien ne fonctionne plus."},
    "o.reg.confirm_all": {"en": "Yes, replace every link", "fr": "Oui, remplacer tous les liens"},
    "o.reg.new_codes_all": {"en": "New codes for everyone", "fr": "Nouveaux codes pour tous"},
    "o.reg.codes_replaced": {"en": "{count} new codes: send the invitations again.",
                             "fr": "{count} nouveaux codes : renvoyez les invitations."},
    "o.reg.invitations": {"en": "Download invitations (CSV for a mail merge)",
                          "fr": "Télécharger les invitations (CSV pour publipostage)"},
    # runs
    "o.runs.title": {"en": "Matching and scheduling", "fr": "Mise en relation et planning"},
    "o.runs.mode.double": {"en": "Double opt-in: the scheduler's meetings are proposals until "
                                 "both sides accept (or you publish them below).",
                           "fr": "Double acceptation : les rendez-vous du planificateur sont "
                                 "des propositions jusqu'à ce que les deux côtés acceptent (ou "
                                 "que vous les publiiez ci-dessous)."},
    "o.runs.mode.organiser": {"en": "Organiser-confirmed: the scheduler's meetings are published "
                                    "as confirmed.",
                              "fr": "Confirmés par les organisateurs : les rendez-vous du "
                                    "planificateur sont publiés confirmés."},
    "o.runs.embedded": {"en": "Profile texts embedded", "fr": "Textes de profil encodés"},
    "o.runs.time_limit": {"en": "Time limit (seconds)", "fr": "Temps maximum (secondes)"},
    "o.runs.time_limit_help": {"en": "The scheduler stops improving after this long.",
                               "fr": "Le planificateur cesse d'améliorer après ce délai."},
    "o.runs.seed": {"en": "Seed", "fr": "Graine"},
    "o.runs.seed_help": {"en": "The same seed gives the same schedule.",
                         "fr": "La même graine donne le même planning."},
    "o.runs.dry_run": {"en": "Dry run (write nothing)", "fr": "Simulation (rien n'est écrit)"},
    "o.runs.dry_run_help": {"en": "See the report without proposing anything.",
                            "fr": "Voir le rapport sans rien proposer."},
    "o.runs.go": {"en": "Run matching and scheduling", "fr": "Lancer la mise en relation et le "
                                                              "planning"},
    "o.runs.step.embed": {"en": "1/3 Embedding profile texts… {done}/{total}",
                          "fr": "1/3 Encodage des textes de profil… {done}/{total}"},
    "o.runs.step.score": {"en": "2/3 Scoring every pair…", "fr": "2/3 Calcul des scores…"},
    "o.runs.step.schedule": {"en": "3/3 Scheduling (up to {seconds} s)…",
                             "fr": "3/3 Planification (jusqu'à {seconds} s)…"},
    "o.runs.step.done": {"en": "Done", "fr": "Terminé"},
    "o.runs.failed": {"en": "The run failed: {error}", "fr": "Le calcul a échoué : {error}"},
    "o.runs.report": {"en": "Report of this run", "fr": "Rapport de ce calcul"},
    "o.runs.dry_report": {"en": "Report of the dry run (nothing written)",
                          "fr": "Rapport de la simulation (rien n'est écrit)"},
    "o.runs.latest": {"en": "Last run: {at} ({actor})", "fr": "Dernier calcul : {at} ({actor})"},
    "o.runs.written": {"en": "{count} meetings written as {status}.",
                       "fr": "{count} rendez-vous écrits : {status}."},
    "o.runs.added": {"en": "Meetings proposed", "fr": "Rendez-vous proposés"},
    "o.runs.objective": {"en": "Objective", "fr": "Objectif"},
    "o.runs.bound": {"en": "Upper bound", "fr": "Borne supérieure"},
    "o.runs.gap": {"en": "Gap to the bound", "fr": "Écart à la borne"},
    "o.runs.per_startup": {"en": "Per start-up (min / median / max)",
                           "fr": "Par start-up (min / médiane / max)"},
    "o.runs.without": {"en": "Start-ups without a meeting", "fr": "Start-ups sans rendez-vous"},
    "o.runs.under_minimum": {"en": "Start-ups under {minimum}", "fr": "Start-ups sous {minimum}"},
    "o.runs.unused": {"en": "Unused table-slots", "fr": "Créneaux-tables inutilisés"},
    "o.runs.details": {"en": "New meetings: {mutual} mutual must-meet, {requested} requested, "
                             "{recommended} recommended · {fixed} kept as they were · {replaced} "
                             "earlier proposals replaced · {seconds} s",
                       "fr": "Nouveaux rendez-vous : {mutual} souhaités des deux côtés, "
                             "{requested} demandés, {recommended} recommandés · {fixed} gardés "
                             "tels quels · {replaced} propositions remplacées · {seconds} s"},
    "o.runs.reaching": {"en": "Start-ups with at least n meetings:",
                        "fr": "Start-ups avec au moins n rendez-vous :"},
    "o.runs.reach": {"en": "n = {k}: {count}", "fr": "n = {k} : {count}"},
    "o.runs.time_limit_hit": {"en": "The time limit was reached: a longer run may do better.",
                              "fr": "Le temps maximum a été atteint : un calcul plus long peut "
                                    "faire mieux."},
    "o.runs.publish_title": {"en": "Publish the proposals", "fr": "Publier les propositions"},
    "o.runs.publish_help": {"en": "Confirms every proposed meeting at once, without waiting for "
                                  "both sides to accept.",
                            "fr": "Confirme d'un coup tous les rendez-vous proposés, sans "
                                  "attendre l'accord des deux côtés."},
    "o.runs.publish": {"en": "Confirm all {count} proposed meetings",
                       "fr": "Confirmer les {count} rendez-vous proposés"},
    "o.runs.published": {"en": "{count} meetings confirmed.", "fr": "{count} rendez-vous "
                                                                    "confirmés."},
    "o.runs.history": {"en": "Earlier runs", "fr": "Calculs précédents"},
    # grid
    "o.grid.title": {"en": "Meeting grid", "fr": "Grille des rendez-vous"},
    "o.grid.day": {"en": "Day", "fr": "Jour"},
    "o.grid.filled": {"en": "Table-slots in use", "fr": "Créneaux-tables occupés"},
    "o.grid.find": {"en": "Find an organisation", "fr": "Trouver une organisation"},
    "o.grid.find_hint": {"en": "shows the tables where it meets", "fr": "affiche les tables où "
                                                                        "elle a rendez-vous"},
    "o.grid.zone": {"en": "Zone", "fr": "Zone"},
    "o.grid.locked": {"en": "locked", "fr": "verrouillé"},
    "o.grid.nothing_found": {"en": "No table matches.", "fr": "Aucune table ne correspond."},
    "o.grid.time": {"en": "Time", "fr": "Heure"},
    "o.grid.table": {"en": "Table", "fr": "Table"},
    "o.grid.status": {"en": "Status", "fr": "Statut"},
    "o.grid.selected": {"en": "Selected cell", "fr": "Case choisie"},
    "o.grid.cell_a": {"en": "Cell", "fr": "Case"},
    "o.grid.cell_b": {"en": "Target", "fr": "Destination"},
    "o.grid.cell": {"en": "{a} ↔ {b} · {status}", "fr": "{a} ↔ {b} · {status}"},
    "o.grid.free_cell": {"en": "Free", "fr": "Libre"},
    "o.grid.tab.meeting": {"en": "Confirm, lock, cancel, no-show",
                           "fr": "Confirmer, verrouiller, annuler, absent"},
    "o.grid.tab.move": {"en": "Move or swap", "fr": "Déplacer ou échanger"},
    "o.grid.tab.replan": {"en": "Re-plan the day", "fr": "Replanifier la journée"},
    "o.grid.pick_meeting": {"en": "Pick a cell with a meeting (click it in the grid, or choose "
                                  "its time and table above).",
                            "fr": "Choisissez une case avec un rendez-vous (cliquez-la dans la "
                                  "grille, ou choisissez son heure et sa table ci-dessus)."},
    "o.grid.reason": {"en": "Reason", "fr": "Motif"},
    "o.grid.confirm": {"en": "Confirm", "fr": "Confirmer"},
    "o.grid.confirmed": {"en": "Meeting confirmed.", "fr": "Rendez-vous confirmé."},
    "o.grid.lock": {"en": "Lock", "fr": "Verrouiller"},
    "o.grid.unlock": {"en": "Unlock", "fr": "Déverrouiller"},
    "o.grid.locked_done": {"en": "Meeting locked: the scheduler keeps it where it is.",
                           "fr": "Rendez-vous verrouillé : le planificateur le laisse en "
                                 "place."},
    "o.grid.unlocked": {"en": "Meeting unlocked.", "fr": "Rendez-vous déverrouillé."},
    "o.grid.cancel": {"en": "Cancel", "fr": "Annuler"},
    "o.grid.cancelled": {"en": "Meeting cancelled: re-plan the day to fill its place.",
                         "fr": "Rendez-vous annulé : replanifiez la journée pour remplir sa "
                               "place."},
    "o.grid.no_show": {"en": "No-show", "fr": "Absent"},
    "o.grid.no_show_done": {"en": "Marked as a no-show.", "fr": "Marqué absent."},
    "o.grid.move": {"en": "Move the meeting here", "fr": "Déplacer le rendez-vous ici"},
    "o.grid.moved": {"en": "Meeting moved to {time}, table {table}.",
                     "fr": "Rendez-vous déplacé à {time}, table {table}."},
    "o.grid.swap": {"en": "Swap the two meetings", "fr": "Échanger les deux rendez-vous"},
    "o.grid.swapped": {"en": "Meetings swapped.", "fr": "Rendez-vous échangés."},
    "o.grid.replan_help": {"en": "Fills the places freed by no-shows and cancellations in the "
                                 "rest of the day. No meeting that stays is moved.",
                           "fr": "Remplit les places libérées par les absents et les "
                                 "annulations pour le reste de la journée. Aucun rendez-vous "
                                 "maintenu n'est déplacé."},
    "o.grid.now_slot": {"en": "Current slot (re-plan what comes after it)",
                        "fr": "Créneau en cours (replanifier ce qui suit)"},
    "o.grid.no_shows": {"en": "No-shows (gone for the rest of the day)",
                        "fr": "Absents (pour le reste de la journée)"},
    "o.grid.no_shows_hint": {"en": "people with a meeting in this slot",
                             "fr": "personnes avec un rendez-vous à ce créneau"},
    "o.grid.select_missing": {"en": "Select the {count} not checked in",
                              "fr": "Choisir les {count} non enregistrés à l'accueil"},
    "o.grid.also_cancelled": {"en": "Cancellations to fill", "fr": "Annulations à remplacer"},
    "o.grid.replan": {"en": "Re-plan the rest of the day", "fr": "Replanifier le reste de la "
                                                                 "journée"},
    "o.grid.replanning": {"en": "Re-planning…", "fr": "Replanification…"},
    "o.grid.replanned": {"en": "Re-planned from {time} on {day}: {added} meetings added, "
                               "{removed} removed.",
                         "fr": "Replanifié à partir de {time} le {day} : {added} rendez-vous "
                               "ajoutés, {removed} retirés."},
    "o.grid.added": {"en": "Added", "fr": "Ajoutés"},
    "o.grid.removed": {"en": "Removed", "fr": "Retirés"},
    "o.grid.unfilled": {"en": "Freed slots left empty ({count}), and why",
                        "fr": "Créneaux libérés restés vides ({count}), et pourquoi"},
    "o.grid.who": {"en": "Who", "fr": "Qui"},
    "o.grid.suggestion": {"en": "Best meeting to book by hand",
                          "fr": "Meilleur rendez-vous à réserver à la main"},
    # check-in
    "o.checkin.title": {"en": "Check-in", "fr": "Accueil des participants"},
    "o.checkin.expected": {"en": "Expected today", "fr": "Attendus ce jour"},
    "o.checkin.arrived": {"en": "Checked in", "fr": "Arrivés"},
    "o.checkin.missing": {"en": "Not here yet", "fr": "Pas encore là"},
    "o.checkin.search": {"en": "Find a participant", "fr": "Trouver un participant"},
    "o.checkin.search_hint": {"en": "organisation, name or e-mail",
                              "fr": "organisation, nom ou e-mail"},
    "o.checkin.nobody": {"en": "Nobody matches.", "fr": "Personne ne correspond."},
    "o.checkin.first": {"en": "First meeting {time}, table {table}",
                        "fr": "Premier rendez-vous {time}, table {table}"},
    "o.checkin.no_meeting": {"en": "No meeting this day", "fr": "Pas de rendez-vous ce jour"},
    "o.checkin.here_since": {"en": "Checked in at {at}", "fr": "Arrivé à {at}"},
    "o.checkin.arrive": {"en": "Arrived", "fr": "Arrivé"},
    "o.checkin.undo": {"en": "Undo", "fr": "Annuler"},
    "o.checkin.done": {"en": "{name} checked in.", "fr": "{name} est arrivé."},
    "o.checkin.undone": {"en": "{name}: check-in undone.", "fr": "{name} : arrivée annulée."},
    "o.checkin.more": {"en": "{count} more: refine the search.",
                       "fr": "{count} de plus : précisez la recherche."},
    "o.checkin.free": {"en": "Find a meeting now", "fr": "Trouver un rendez-vous maintenant"},
    "o.checkin.free_help": {"en": "For a walk-in, or someone whose counterpart did not come: "
                                  "their best fits free at the same time, with a table free.",
                            "fr": "Pour un participant sans rendez-vous, ou dont l'interlocuteur "
                                  "n'est pas venu : ses meilleures correspondances libres en "
                                  "même temps, avec une table libre."},
    "o.checkin.from": {"en": "From", "fr": "À partir de"},
    "o.checkin.free_none": {"en": "Nobody among their best fits is free then with a table free.",
                            "fr": "Aucune de ses meilleures correspondances n'est libre à ce "
                                  "moment avec une table libre."},
    "o.checkin.free_line": {"en": "**{organisation}** ({kind}) is free at {time}, table {table}, "
                                  "{score:.2f} fit",
                            "fr": "**{organisation}** ({kind}) est libre à {time}, table {table}, "
                                  "adéquation {score:.2f}"},
    "o.checkin.book": {"en": "Book", "fr": "Réserver"},
    "o.checkin.booked": {"en": "Booked: {names}.", "fr": "Réservé : {names}."},
    "o.checkin.not_here": {"en": "Expected and not checked in", "fr": "Attendus et pas encore "
                                                                      "arrivés"},
    # analytics
    "o.analytics.title": {"en": "Analytics", "fr": "Statistiques"},
    "o.analytics.other": {"en": "Other", "fr": "Autre"},
    "o.analytics.meetings": {"en": "Meetings", "fr": "Rendez-vous"},
    "o.analytics.utilisation": {"en": "Tables used", "fr": "Tables utilisées"},
    "o.analytics.acceptance": {"en": "Requests accepted", "fr": "Demandes acceptées"},
    "o.analytics.no_show_rate": {"en": "No-show rate", "fr": "Taux d'absence"},
    "o.analytics.rating": {"en": "Mean rating", "fr": "Note moyenne"},
    "o.analytics.per_slot": {"en": "Meetings per slot and day", "fr": "Rendez-vous par créneau "
                                                                      "et par jour"},
    "o.analytics.tables": {"en": "Table utilisation", "fr": "Utilisation des tables"},
    "o.analytics.by_zone": {"en": "By zone", "fr": "Par zone"},
    "o.analytics.by_table": {"en": "By table", "fr": "Par table"},
    "o.analytics.table_histogram": {"en": "Tables by share of slots used",
                                    "fr": "Tables par part de créneaux utilisés"},
    "o.analytics.tables_count": {"en": "Tables", "fr": "Tables"},
    "o.analytics.fairness": {"en": "Meetings per start-up", "fr": "Rendez-vous par start-up"},
    "o.analytics.meetings_each": {"en": "Meetings", "fr": "Rendez-vous"},
    "o.analytics.startups_count": {"en": "Start-ups", "fr": "Start-ups"},
    "o.analytics.fairness_caption": {
        "en": "Min {min}, median {median}, max {max}, mean {mean}; {without} start-ups without a "
              "meeting. The dashed line is the minimum aimed at ({minimum}).",
        "fr": "Min {min}, médiane {median}, max {max}, moyenne {mean} ; {without} start-ups sans "
              "rendez-vous. La ligne pointillée est le minimum visé ({minimum})."},
    "o.analytics.themes": {"en": "Thematic axes and sectors", "fr": "Axes thématiques et "
                                                                   "secteurs"},
    "o.analytics.by_axis": {"en": "Meetings by thematic axis", "fr": "Rendez-vous par axe "
                                                                    "thématique"},
    "o.analytics.by_sector": {"en": "Participants by sector (top 15)",
                              "fr": "Participants par secteur (15 premiers)"},
    "o.analytics.participants": {"en": "Participants", "fr": "Participants"},
    "o.analytics.requests": {"en": "Meeting requests", "fr": "Demandes de rendez-vous"},
    "o.analytics.request_status": {"en": "Requests received, by kind and answer",
                                   "fr": "Demandes reçues, par type et réponse"},
    "o.analytics.recipient": {"en": "Received by", "fr": "Reçues par"},
    "o.analytics.requests_count": {"en": "Requests", "fr": "Demandes"},
    "o.analytics.no_requests": {"en": "No requests yet.", "fr": "Pas encore de demandes."},
    "o.analytics.acceptance_caption": {
        "en": "{total} requests: {accepted} accepted, {declined} declined, {expired} expired, "
              "{pending} waiting.",
        "fr": "{total} demandes : {accepted} acceptées, {declined} refusées, {expired} "
              "expirées, {pending} en attente."},
    "o.analytics.per_investor": {"en": "Requests received per investor",
                                 "fr": "Demandes reçues par investisseur"},
    "o.analytics.requests_received": {"en": "Requests received", "fr": "Demandes reçues"},
    "o.analytics.investors_count": {"en": "Investors", "fr": "Investisseurs"},
    "o.analytics.most_requested": {"en": "Most requested investors",
                                   "fr": "Investisseurs les plus demandés"},
    "o.analytics.feedback": {"en": "Feedback and no-shows", "fr": "Retours et absences"},
    "o.analytics.ratings": {"en": "Ratings after meetings", "fr": "Notes après les rendez-vous"},
    "o.analytics.rating_axis": {"en": "Rating (1–5)", "fr": "Note (1–5)"},
    "o.analytics.no_ratings": {"en": "No ratings yet.", "fr": "Pas encore de notes."},
    "o.analytics.answers": {"en": "Answers", "fr": "Réponses"},
    "o.analytics.no_shows": {"en": "No-shows among meetings due", "fr": "Absences parmi les "
                                                                       "rendez-vous prévus"},
    "o.analytics.map": {"en": "Map of the profiles", "fr": "Carte des profils"},
    "o.analytics.map_help": {"en": "Each point is a profile, placed by what it says (its "
                                   "embeddings with {model}, projected on their two main "
                                   "directions): close points have close profiles.",
                             "fr": "Chaque point est un profil, placé selon ce qu'il dit (ses "
                                   "embeddings avec {model}, projetés sur leurs deux "
                                   "directions principales) : des points proches ont des "
                                   "profils proches."},
    "o.analytics.map_empty": {"en": "No profile is embedded with {model} yet: run the matching "
                                    "first.",
                              "fr": "Aucun profil n'est encore encodé avec {model} : lancez "
                                    "d'abord la mise en relation."},
    "o.analytics.draw_meetings": {"en": "Draw the meetings", "fr": "Tracer les rendez-vous"},
    "o.analytics.all_days": {"en": "All days", "fr": "Tous les jours"},
    "o.analytics.axis": {"en": "Thematic axis", "fr": "Axe thématique"},
    # exports
    "o.exports.title": {"en": "Exports", "fr": "Exports"},
    "o.exports.intro": {"en": "{count} live meetings. Files are made when you click.",
                        "fr": "{count} rendez-vous actifs. Les fichiers sont produits au "
                              "clic."},
    "o.exports.event": {"en": "The whole event", "fr": "Tout l'événement"},
    "o.exports.meetings_csv": {"en": "Meetings (CSV)", "fr": "Rendez-vous (CSV)"},
    "o.exports.meetings_ics": {"en": "Meetings (calendar .ics)", "fr": "Rendez-vous (agenda "
                                                                      ".ics)"},
    "o.exports.participants_csv": {"en": "Participants (CSV)", "fr": "Participants (CSV)"},
    "o.exports.csv_safe": {"en": "CSV cells that a spreadsheet could run as formulas are "
                                 "neutralised; phone numbers stay usable.",
                           "fr": "Les cellules CSV qu'un tableur pourrait exécuter comme "
                                 "formules sont neutralisées ; les numéros de téléphone restent "
                                 "utilisables."},
    "o.exports.participant": {"en": "One participant", "fr": "Un participant"},
    "o.exports.who": {"en": "Participant", "fr": "Participant"},
    "o.exports.ics": {"en": "Calendar (.ics)", "fr": "Agenda (.ics)"},
    "o.exports.agenda_pdf": {"en": "Printable agenda (PDF)", "fr": "Agenda imprimable (PDF)"},
    "o.exports.printable": {"en": "Printable agendas", "fr": "Agendas imprimables"},
    "o.exports.printable_help": {"en": "One page per participant, or per table and day (to "
                                       "post on the tables).",
                                 "fr": "Une page par participant, ou par table et par jour (à "
                                       "afficher sur les tables)."},
    "o.exports.all_agendas": {"en": "Every participant's agenda (PDF)",
                              "fr": "L'agenda de chaque participant (PDF)"},
    "o.exports.all_tables": {"en": "Every table's schedule (PDF)",
                             "fr": "Le planning de chaque table (PDF)"},
    "o.exports.table": {"en": "One table", "fr": "Une table"},
    "o.exports.table_pdf": {"en": "Schedule of table {name} (PDF)",
                            "fr": "Planning de la table {name} (PDF)"},
    "o.exports.report": {"en": "Post-event report", "fr": "Rapport post-événement"},
    "o.exports.report_help": {"en": "The analytics as one PDF document, with its charts.",
                              "fr": "Les statistiques en un document PDF, avec leurs "
                                    "graphiques."},
    "o.exports.report_pdf": {"en": "Post-event report (PDF)", "fr": "Rapport post-événement "
                                                                    "(PDF)"},
}
