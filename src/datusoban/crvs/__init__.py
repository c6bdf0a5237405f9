"""The civil registry (Dukcapil's CRVS, spoken to through the DCI CRVS API v1.0.0): search a
person by NIK, learn of deaths, and turn each death into a proposal (``UsulanKematian``)
that an officer applies to the registry — the person marked deceased, their open
enrolments ended with the reason — or refuses. The API's text: ``dci/spec/``."""
