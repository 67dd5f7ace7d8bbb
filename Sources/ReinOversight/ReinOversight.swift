import ReinDomain
