"""The delivery network: PSKS workers and institutions, training, caseloads, LKS, UPTD panti."""
