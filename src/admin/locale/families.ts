import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';
import { DOSSIER_FIELD_CODES, DOSSIER_PROBLEMS } from '../../dossiers/dossiers.errors.js';

/** The refusals of a family change the notice names by their code (the other field problems say « see below »). */
export const FAMILY_REFUSALS = ['holder_missing', 'holder_first', 'holder_duplicate', 'holder_minor', 'dossier_number_unknown', 'member_already', 'member_unknown', 'household_unknown', 'household_same'] as const;

const refusals = (locale: Locale) => ({
  ...Object.fromEntries(FAMILY_REFUSALS.map((code) => [code, DOSSIER_FIELD_CODES[code][locale]])),
  household_not_found: DOSSIER_PROBLEMS.household_not_found.detail[locale],
});

/**
 * The families' actions on households (issue #8, item 2), French first: their names, the notices
 * they answer with, the labels of their forms and of the members' list. Merged by `withActions`.
 */
export const FAMILY_ACTIONS: Record<Locale, LocaleTranslations> = {
  fr: {
    actions: {
      addMember: 'Ajouter un membre',
      removeMember: 'Retirer un membre',
      moveMember: 'Déplacer un membre',
      setMemberRole: 'Changer le lien',
      editPhones: 'Modifier les téléphones',
    },
    messages: {
      ...refusals('fr'),
      memberAdded: 'Le membre a été ajouté à la famille',
      memberRemoved: 'Le membre a été retiré de la famille : sa fiche et son numéro de dossier sont conservés',
      memberMoved: 'Le membre a été déplacé dans l’autre famille',
      memberRoleSet: 'Le lien du membre a été changé',
      phonesSaved: 'Les téléphones de la famille ont été enregistrés',
      removeMemberHelp: 'La personne quitte cette famille seulement : sa fiche, son numéro de dossier et ses autres familles sont conservés.',
      setMemberRoleHelp: 'Nommer un autre titulaire fait du titulaire actuel un adulte de la famille : il y a un seul titulaire, de 18 ans ou plus.',
      moveMemberHelp: 'Le membre quitte cette famille et entre dans l’autre, avec son lien (ou celui choisi ici).',
      addMemberHelp: 'Une personne déjà connue (par son numéro de dossier) ou une nouvelle personne, qui reçoit un nouveau numéro de dossier. Un enfant peut faire partie de deux familles.',
      noMembers: 'Aucun membre',
    },
    labels: {
      member: 'Membre',
      role_holder: 'Titulaire',
      role_adult: 'Adulte',
      role_spouse: 'Conjoint ou conjointe',
      role_child: 'Enfant',
      memberName: 'Nom',
      memberAge: 'Âge',
      memberRole: 'Lien',
      memberDependent: 'À charge',
      yes: 'Oui',
      no: 'Non',
      existingPerson: 'Personne déjà connue (numéro de dossier)',
      newPerson: 'Nouvelle personne (nouveau numéro de dossier)',
      keepRole: 'Garder le lien actuel',
      submitFamily: 'Enregistrer',
    },
    resources: {
      households: {
        properties: {
          members: 'Membres',
          mode: 'Personne',
          personId: 'Membre',
          dossierNumber: 'N° de dossier',
          firstName: 'Prénom',
          lastName: 'Nom',
          birthDate: 'Date de naissance (AAAA/MM/JJ)',
          email: 'Adresse courriel',
          phone: 'Téléphone',
          role: 'Lien',
          dependent: 'Enfant à charge',
          toHouseholdId: 'N° de la famille d’arrivée',
          note: 'Note (raison de la modification)',
          homePhone: 'Téléphone (domicile)',
          mobilePhone: 'Téléphone (cellulaire)',
          workPhone: 'Téléphone (travail)',
          otherPhone: 'Téléphone (autre)',
        },
      },
      persons: { properties: { households: 'Familles', phone: 'Téléphone' } },
    },
  },
  en: {
    actions: {
      addMember: 'Add a member',
      removeMember: 'Remove a member',
      moveMember: 'Move a member',
      setMemberRole: 'Change the relationship',
      editPhones: 'Edit the phones',
    },
    messages: {
      ...refusals('en'),
      memberAdded: 'The member was added to the household',
      memberRemoved: 'The member was removed from the household: their record and dossier number are kept',
      memberMoved: 'The member was moved to the other household',
      memberRoleSet: 'The member’s relationship was changed',
      phonesSaved: 'The household’s phones were saved',
      removeMemberHelp: 'The person leaves this household only: their record, dossier number and other households are kept.',
      setMemberRoleHelp: 'Naming another holder makes the current holder an adult of the household: there is one holder, aged 18 or older.',
      moveMemberHelp: 'The member leaves this household and joins the other one, with their relationship (or the one chosen here).',
      addMemberHelp: 'A person already known (by dossier number) or a new person, who gets a new dossier number. A child may belong to two households.',
      noMembers: 'No members',
    },
    labels: {
      member: 'Member',
      role_holder: 'Holder',
      role_adult: 'Adult',
      role_spouse: 'Spouse',
      role_child: 'Child',
      memberName: 'Name',
      memberAge: 'Age',
      memberRole: 'Relationship',
      memberDependent: 'Dependent',
      yes: 'Yes',
      no: 'No',
      existingPerson: 'A known person (dossier number)',
      newPerson: 'A new person (new dossier number)',
      keepRole: 'Keep the current relationship',
      submitFamily: 'Save',
    },
    resources: {
      households: {
        properties: {
          members: 'Members',
          mode: 'Person',
          personId: 'Member',
          dossierNumber: 'Dossier number',
          firstName: 'First name',
          lastName: 'Last name',
          birthDate: 'Date of birth (YYYY/MM/DD)',
          email: 'Email address',
          phone: 'Phone',
          role: 'Relationship',
          dependent: 'Dependent child',
          toHouseholdId: 'Number of the receiving household',
          note: 'Note (reason for the change)',
          homePhone: 'Phone (home)',
          mobilePhone: 'Phone (mobile)',
          workPhone: 'Phone (work)',
          otherPhone: 'Phone (other)',
        },
      },
      persons: { properties: { households: 'Households', phone: 'Phone' } },
    },
  },
};
